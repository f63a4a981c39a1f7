import GRDB
import SpoolCore
import SpoolQueue

/// Maps errors raised inside database transactions to ``SpoolError``.
enum SQLiteErrors {
    /// A ``SpoolError`` for `error`, raised while trying to `action` ("update job …").
    ///
    /// Domain and queue errors and errors of caller-supplied closures pass through unchanged; uniqueness
    /// violations become `.conflict`; anything else from SQLite becomes `.storage` with SQLite's
    /// short message (never the SQL text or arguments).
    static func map(_ error: any Error, _ action: String) -> any Error {
        switch error {
        case let error as SpoolError:
            return error
        case let error as QueueError:
            return error
        case let error as CallerError:
            return error.underlying
        case is CancellationError:
            return error
        case let error as DatabaseError:
            switch error.extendedResultCode {
            case .SQLITE_CONSTRAINT_PRIMARYKEY, .SQLITE_CONSTRAINT_UNIQUE:
                return SpoolError(.conflict, "could not \(action): it already exists")
            default:
                let reason = error.message ?? "SQLite error \(error.resultCode.rawValue)"
                return SpoolError(.storage, "could not \(action): \(reason)")
            }
        case let error as CorruptRow:
            return SpoolError(.storage, "could not \(action): \(error)")
        case is RowDecodingError, is DecodingError:
            return SpoolError(.storage, "could not \(action): stored data is unreadable")
        default:
            return SpoolError(.storage, "could not \(action): \(type(of: error))")
        }
    }
}

/// Wraps an error thrown by a caller's closure (``SQLiteJobStore/modify(_:_:)``'s body) so it
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
