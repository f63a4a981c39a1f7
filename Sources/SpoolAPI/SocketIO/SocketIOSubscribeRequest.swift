import SpoolAPIModels
import SpoolCore

/// The arguments of the client events `subscribe` and `unsubscribe`, as `/api/ws` takes them.
///
/// `subscribe` takes one argument: an object `{"jobIds": "all" | ["<id>", …], "lastEventId": n}`
/// (both members optional; no `jobIds` means all jobs), or just `"all"` or a list of ids, or
/// nothing at all (all jobs, from now). `unsubscribe` takes a list of ids or `{"jobIds": […]}`.
struct SocketIOSubscribeRequest: Sendable, Equatable {
    /// The jobs to add.
    var selection: JobSelection
    /// Replay stored events after this id first.
    var lastEventId: Int64?

    /// Reads `subscribe`'s arguments.
    ///
    /// - Throws: `invalid_input` with a message saying what is expected.
    init(_ arguments: [JSONValue]) throws {
        lastEventId = nil
        switch arguments.first {
        case nil, .null?:
            selection = .all
        case .object(let object)?:
            selection = try object["jobIds"].map(Self.selection) ?? .all
            if let raw = object["lastEventId"], raw != .null {
                guard case .number(let number) = raw, number >= 0, number.rounded() == number, number < 9e15 else {
                    throw SpoolError(.invalidInput, "lastEventId must be a non-negative integer")
                }
                lastEventId = Int64(number)
            }
        case let value?:
            selection = try Self.selection(value)
        }
    }

    /// Reads `unsubscribe`'s arguments: the job ids to remove.
    static func unsubscribedIDs(_ arguments: [JSONValue]) throws -> Set<JobID> {
        var value = arguments.first ?? .null
        if case .object(let object) = value { value = object["jobIds"] ?? .null }
        guard case .jobs(let ids) = try selection(value) else {
            throw SpoolError(.invalidInput, "unsubscribe takes a list of job ids")
        }
        return ids
    }

    private static func selection(_ value: JSONValue) throws -> JobSelection {
        switch value {
        case .string("all"):
            return .all
        case .array(let items):
            var ids: Set<JobID> = []
            for item in items {
                guard case .string(let id) = item else { throw Self.shapeError }
                ids.insert(JobID(id))
            }
            return .jobs(ids)
        default:
            throw Self.shapeError
        }
    }

    private static var shapeError: SpoolError {
        SpoolError(.invalidInput, #"jobIds must be "all" or a list of job ids: {"jobIds": "all" | ["<id>", …], "lastEventId": n}"#)
    }
}
