/// An error that carries a domain error, so code above the adapters need not know each tool's
/// error type (SpoolMedia's `MediaError` conforms).
public protocol SpoolErrorConvertible: Error {
    /// The domain error to record.
    var spoolError: SpoolError { get }
}
