import SpoolCore
import SpoolS3

extension S3Error: SpoolErrorConvertible {
    /// `storage_error` for answers worth retrying (5xx, throttling, the network), `upload_failed`
    /// for refusals a retry does not change (access denied, no such bucket, a bad signature), with
    /// S3's code, status and message in the text.
    public var spoolError: SpoolError {
        SpoolError(isTransient || code == .verificationFailed ? .storage : .uploadFailed, description)
    }
}
