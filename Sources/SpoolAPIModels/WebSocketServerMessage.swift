import SpoolCore

/// A text message the server sends on `/api/ws`: an event envelope or a control reply.
///
/// Event envelopes have a `payload` member; control replies do not:
/// `{"type":"authenticated"}`, `{"type":"subscribed","jobIds":…,"lastEventId":n}`,
/// `{"type":"unsubscribed","jobIds":[…]}`, `{"type":"pong"}`, `{"type":"error","code":…,"message":…}`.
public enum WebSocketServerMessage: Sendable, Hashable, Codable {
    /// A job event.
    case event(EventDTO)
    /// The token was accepted.
    case authenticated
    /// The subscription now covers `jobIds`; stored events after `lastEventId` follow, then live ones.
    case subscribed(JobSelection, lastEventId: Int64)
    /// The subscription now covers `jobIds`.
    case unsubscribed(JobSelection)
    /// Answer to a `ping`.
    case pong
    /// A request on the socket failed; `code` is a `SpoolError.Code` raw value.
    case error(code: String, message: String)

    /// Decodes an envelope (has `payload`) or a control reply (by `type`).
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        if c.contains(.payload) {
            self = .event(try EventDTO(from: decoder))
            return
        }
        switch try c.decode(String.self, forKey: .type) {
        case "authenticated": self = .authenticated
        case "subscribed":
            self = .subscribed(try c.decode(JobSelection.self, forKey: .jobIds), lastEventId: try c.decode(Int64.self, forKey: .lastEventId))
        case "unsubscribed": self = .unsubscribed(try c.decode(JobSelection.self, forKey: .jobIds))
        case "pong": self = .pong
        case "error": self = .error(code: try c.decode(String.self, forKey: .code), message: try c.decode(String.self, forKey: .message))
        case let other:
            throw DecodingError.dataCorruptedError(forKey: .type, in: c, debugDescription: "unknown message type \(other)")
        }
    }

    /// Encodes the envelope or the control reply.
    public func encode(to encoder: any Encoder) throws {
        if case .event(let event) = self {
            try event.encode(to: encoder)
            return
        }
        var c = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .event: break
        case .authenticated: try c.encode("authenticated", forKey: .type)
        case .subscribed(let selection, let lastEventId):
            try c.encode("subscribed", forKey: .type)
            try c.encode(selection, forKey: .jobIds)
            try c.encode(lastEventId, forKey: .lastEventId)
        case .unsubscribed(let selection):
            try c.encode("unsubscribed", forKey: .type)
            try c.encode(selection, forKey: .jobIds)
        case .pong: try c.encode("pong", forKey: .type)
        case .error(let code, let message):
            try c.encode("error", forKey: .type)
            try c.encode(code, forKey: .code)
            try c.encode(message, forKey: .message)
        }
    }

    private enum CodingKeys: String, CodingKey {
        case type, jobIds, lastEventId, code, message, payload
    }
}
