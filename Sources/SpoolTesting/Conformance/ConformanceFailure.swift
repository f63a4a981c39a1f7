/// An error of a type no store knows, to check that `modify` passes the body's errors through.
public struct ConformanceFailure: Error, Equatable {
    /// Creates the error.
    public init() {}
}
