import PostgresNIO
import SpoolCore

/// Maps errors from postgres-nio to ``SpoolError``.
enum PostgresErrors {
    /// A ``SpoolError`` for `error`, raised while trying to `action` ("update job …").
    ///
    /// Domain errors and errors of caller-supplied closures pass through unchanged; unique
    /// violations become `.conflict`, foreign-key violations `.notFound`; anything else becomes
    /// `.storage` with the server's short message or the client's error code (never the SQL text,
    /// the bound values or the password).
    static func map(_ error: any Error, _ action: String) -> any Error {
        switch error {
        case let error as PostgresTransactionError:
            guard let inner = error.closureError ?? error.commitError ?? error.beginError else {
                return SpoolError(.storage, "could not \(action): the transaction failed")
            }
            return map(inner, action)
        case let error as SpoolError:
            return error
        case let error as CallerError:
            return error.underlying
        case is CancellationError:
            return error
        case let error as PSQLError:
            return map(error, action)
        case is PostgresDecodingError, is DecodingError:
            return SpoolError(.storage, "could not \(action): stored data is unreadable")
        case let error as CorruptRow:
            return SpoolError(.storage, "could not \(action): \(error)")
        default:
            return SpoolError(.storage, "could not \(action): \(type(of: error))")
        }
    }

    private static func map(_ error: PSQLError, _ action: String) -> SpoolError {
        guard let server = error.serverInfo else {
            return SpoolError(.storage, "could not \(action): database unavailable (\(error.code))")
        }
        switch server[.sqlState] {
        case "23505":
            return SpoolError(.conflict, "could not \(action): it already exists")
        case "23503":
            return SpoolError(.notFound, "could not \(action): it refers to something that does not exist")
        default:
            return SpoolError(.storage, "could not \(action): \(server[.message] ?? "database error \(server[.sqlState] ?? "")")")
        }
    }
}

/// Wraps an error thrown by a caller's closure (``PostgresJobStore/modify(_:_:)``'s body) so it
/// leaves the transaction unchanged, whatever its type.
struct CallerError: Error {
    /// The caller's error.
    let underlying: any Error
}

/// A stored row that cannot be turned back into a domain value (unknown enum value, bad JSON).
struct CorruptRow: Error, CustomStringConvertible {
    /// Table of the row.
    let table: String
    /// What is wrong.
    let reason: String

    var description: String { "corrupt row in \(table): \(reason)" }
}
