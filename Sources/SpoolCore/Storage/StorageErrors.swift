/// Maps errors raised inside a database backend's transactions to ``SpoolError``, the same way
/// for every backend.
public enum StorageErrors {
    /// What a backend's own error means, as far as a caller is concerned.
    public enum Failure: Sendable, Hashable {
        /// A uniqueness violation.
        case conflict
        /// A reference to a row that does not exist.
        case missingReference
        /// Stored data the library could not decode.
        case unreadable
        /// Anything else, with the database's short message (never SQL text or bound values).
        case other(String)
    }

    /// A ``SpoolError`` for `error`, raised while trying to `action` ("update job …").
    ///
    /// Domain errors, cancellation and errors of caller-supplied closures pass through unchanged;
    /// `classify` says what the backend's own errors mean (nil for errors it does not know);
    /// anything else becomes `.storage` naming only the error's type.
    public static func map(_ error: any Error, _ action: String, classify: (any Error) -> Failure?) -> any Error {
        switch error {
        case let error as SpoolError:
            return error
        case let error as CallerError:
            return error.underlying
        case is CancellationError:
            return error
        case let error as CorruptRow:
            return SpoolError(.storage, "could not \(action): \(error)")
        case is DecodingError:
            return message(.unreadable, action)
        default:
            guard let failure = classify(error) else {
                return SpoolError(.storage, "could not \(action): \(type(of: error))")
            }
            return message(failure, action)
        }
    }

    private static func message(_ failure: Failure, _ action: String) -> SpoolError {
        switch failure {
        case .conflict:
            SpoolError(.conflict, "could not \(action): it already exists")
        case .missingReference:
            SpoolError(.notFound, "could not \(action): it refers to something that does not exist")
        case .unreadable:
            SpoolError(.storage, "could not \(action): stored data is unreadable")
        case .other(let reason):
            SpoolError(.storage, "could not \(action): \(reason)")
        }
    }
}
