import SpoolCore

/// A text message a client sends on `/api/ws`; the JSON member `type` names the case.
///
/// ```json
/// {"type":"authenticate","token":"spl_…"}
/// {"type":"subscribe","jobIds":"all","lastEventId":123}
/// {"type":"unsubscribe","jobIds":["…"]}
/// {"type":"ping"}
/// ```
public enum WebSocketClientMessage: Sendable, Hashable, Codable {
    /// Authenticates the connection with a bearer token.
    case authenticate(token: String)
    /// Adds jobs to the subscription; with `lastEventId`, stored events after it are replayed first.
    case subscribe(JobSelection, lastEventId: Int64?)
    /// Removes jobs from the subscription.
    case unsubscribe(Set<JobID>)
    /// Asks for a `pong`.
    case ping

    /// Decodes by `type`; an unknown type is `invalid_input`.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let type = try c.decode(String.self, forKey: .type)
        switch type {
        case "authenticate":
            self = .authenticate(token: try c.decode(String.self, forKey: .token))
        case "subscribe":
            let selection = try c.decodeIfPresent(JobSelection.self, forKey: .jobIds) ?? .all
            let lastEventId = try c.decodeIfPresent(Int64.self, forKey: .lastEventId)
            if let lastEventId, lastEventId < 0 {
                throw SpoolError(.invalidInput, "lastEventId must not be negative")
            }
            self = .subscribe(selection, lastEventId: lastEventId)
        case "unsubscribe":
            self = .unsubscribe(Set(try c.decode([JobID].self, forKey: .jobIds)))
        case "ping":
            self = .ping
        default:
            throw SpoolError(.invalidInput, "unknown message type '\(type.prefix(32))'")
        }
    }

    /// Encodes with a `type` member.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .authenticate(let token):
            try c.encode("authenticate", forKey: .type)
            try c.encode(token, forKey: .token)
        case .subscribe(let selection, let lastEventId):
            try c.encode("subscribe", forKey: .type)
            try c.encode(selection, forKey: .jobIds)
            try c.encodeIfPresent(lastEventId, forKey: .lastEventId)
        case .unsubscribe(let ids):
            try c.encode("unsubscribe", forKey: .type)
            try c.encode(ids.sorted(), forKey: .jobIds)
        case .ping:
            try c.encode("ping", forKey: .type)
        }
    }

    private enum CodingKeys: String, CodingKey {
        case type, token, jobIds, lastEventId
    }
}
