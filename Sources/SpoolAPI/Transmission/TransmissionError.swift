import SpoolCore

/// An RPC call that failed: answered in the RPC's own shape (`result` text in the legacy form, an
/// error object in JSON-RPC 2.0), never with Spool's JSON error body.
struct TransmissionError: Error, Sendable, Hashable {
    /// JSON-RPC 2.0 codes, the standard ones and Transmission 4.1's own.
    enum Code: Int, Sendable, Hashable {
        case parseError = -32700
        case invalidRequest = -32600
        case methodNotFound = -32601
        case invalidParams = -32602
        case internalError = -32603
        /// Transmission's `SYSTEM_ERROR`: the operation failed (Spool refused it).
        case systemError = 5
        /// Transmission's `CORRUPT_TORRENT`: what was given to add is not something Spool can add.
        case corruptTorrent = 9

        /// The standard message of the code.
        var message: String {
            switch self {
            case .parseError: "Parse error"
            case .invalidRequest: "Invalid Request"
            case .methodNotFound: "Method not found"
            case .invalidParams: "Invalid params"
            case .internalError: "Internal error"
            case .systemError: "system error"
            case .corruptTorrent: "invalid or corrupt torrent file"
            }
        }
    }

    /// The code.
    var code: Code
    /// What went wrong, safe to show (the legacy form's `result`).
    var message: String

    /// Creates an error.
    init(code: Code, message: String) {
        self.code = code
        self.message = message
    }

    /// The body is not JSON.
    static func parseError(_ message: String) -> Self { Self(code: .parseError, message: message) }
    /// The JSON is not a call.
    static func invalidRequest(_ message: String) -> Self { Self(code: .invalidRequest, message: message) }
    /// An argument is missing or wrong.
    static func invalidParams(_ message: String) -> Self { Self(code: .invalidParams, message: message) }
    /// No such method.
    static func methodNotFound(_ method: String) -> Self { Self(code: .methodNotFound, message: "method name not recognized: \(method)") }
    /// Spool refused the operation (a viewer's change, a rate limit, a missing folder).
    static func refused(_ message: String) -> Self { Self(code: .systemError, message: message) }

    /// Maps an error from the job service: domain errors keep their message, anything else is a
    /// generic internal error.
    init(_ error: any Error) {
        switch error {
        case let error as TransmissionError:
            self = error
        case let error as SpoolError where APIError.status(for: error.code) != .internalServerError:
            self.init(code: .systemError, message: error.message)
        case let error as APIError where error.status != .internalServerError:
            self.init(code: .systemError, message: error.message)
        default:
            self.init(code: .internalError, message: "internal error")
        }
    }
}
