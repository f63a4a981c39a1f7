import PostgresNIO
import SpoolCore

/// Maps errors from postgres-nio to ``SpoolError``, through SpoolCore's ``StorageErrors``.
enum PostgresErrors {
    /// A ``SpoolError`` for `error`, raised while trying to `action` ("update job …").
    ///
    /// Domain errors and errors of caller-supplied closures pass through unchanged; unique
    /// violations become `.conflict`, foreign-key violations `.notFound`; anything else becomes
    /// `.storage` with the server's short message or the client's error code (never the SQL text,
    /// the bound values or the password).
    static func map(_ error: any Error, _ action: String) -> any Error {
        if let error = error as? PostgresTransactionError {
            guard let inner = error.closureError ?? error.commitError ?? error.beginError else {
                return SpoolError(.storage, "could not \(action): the transaction failed")
            }
            return map(inner, action)
        }
        return StorageErrors.map(error, action) { error in
            switch error {
            case let error as PSQLError: classify(error)
            case is PostgresDecodingError: .unreadable
            default: nil
            }
        }
    }

    private static func classify(_ error: PSQLError) -> StorageErrors.Failure {
        guard let server = error.serverInfo else {
            return .other("database unavailable (\(error.code))")
        }
        switch server[.sqlState] {
        case "23505": return .conflict
        case "23503": return .missingReference
        default: return .other(server[.message] ?? "database error \(server[.sqlState] ?? "")")
        }
    }
}
