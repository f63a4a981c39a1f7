import GRDB
import SpoolCore
import SpoolQueue

/// Maps errors raised inside database transactions to ``SpoolError``, through SpoolCore's
/// ``StorageErrors``.
enum SQLiteErrors {
    /// A ``SpoolError`` for `error`, raised while trying to `action` ("update job …").
    ///
    /// Domain and queue errors and errors of caller-supplied closures pass through unchanged; uniqueness
    /// violations become `.conflict`, foreign-key violations `.notFound`; anything else from SQLite becomes `.storage` with SQLite's
    /// short message (never the SQL text or arguments).
    static func map(_ error: any Error, _ action: String) -> any Error {
        if let error = error as? QueueError { return error }
        return StorageErrors.map(error, action) { error in
            switch error {
            case let error as DatabaseError:
                switch error.extendedResultCode {
                case .SQLITE_CONSTRAINT_PRIMARYKEY, .SQLITE_CONSTRAINT_UNIQUE:
                    .conflict
                case .SQLITE_CONSTRAINT_FOREIGNKEY:
                    .missingReference
                default:
                    .other(error.message ?? "SQLite error \(error.resultCode.rawValue)")
                }
            case is RowDecodingError:
                .unreadable
            default:
                nil
            }
        }
    }
}
