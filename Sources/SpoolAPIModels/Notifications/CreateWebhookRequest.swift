import Foundation
import SpoolCore

/// `POST /api/webhooks`: `url` and optionally `events` (names, or omitted/`null` for all),
/// `sourceIds`, `jobIds`, `secret` (`whsec_…`; generated when omitted), `description`, `enabled`.
public struct CreateWebhookRequest: Sendable, Codable, Hashable {
    /// The endpoint.
    public var url: String
    /// Event names; nil for every event.
    public var events: [String]?
    /// Only these sources.
    public var sourceIds: [Int64]?
    /// Only these jobs.
    public var jobIds: [String]?
    /// A secret to use instead of a generated one.
    public var secret: String?
    /// A description.
    public var description: String?
    /// Whether it starts enabled (default true).
    public var enabled: Bool?

    /// Creates a request.
    public init(url: String, events: [String]? = nil, sourceIds: [Int64]? = nil, jobIds: [String]? = nil, secret: String? = nil, description: String? = nil, enabled: Bool? = nil) {
        self.url = url
        self.events = events
        self.sourceIds = sourceIds
        self.jobIds = jobIds
        self.secret = secret
        self.description = description
        self.enabled = enabled
    }

    /// Decodes strictly: unknown members are `unknown_field`.
    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(allowed: CodingKeys.memberNames)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        url = try c.decode(String.self, forKey: .url)
        events = try c.decodeIfPresent([String].self, forKey: .events)
        sourceIds = try c.decodeIfPresent([Int64].self, forKey: .sourceIds)
        jobIds = try c.decodeIfPresent([String].self, forKey: .jobIds)
        secret = try c.decodeIfPresent(String.self, forKey: .secret)
        description = try c.decodeIfPresent(String.self, forKey: .description)
        enabled = try c.decodeIfPresent(Bool.self, forKey: .enabled)
    }

    private enum CodingKeys: String, CodingKey, CaseIterable {
        case url, events, sourceIds, jobIds, secret, description, enabled
    }

    /// The core's draft; throws `invalid_input` for unknown event names.
    public func draft() throws -> NotificationService.Draft {
        NotificationService.Draft(
            url: url, events: try events.map { Set(try $0.map(NotificationEventType.parse)) }, sourceIDs: sourceIds,
            jobIDs: jobIds?.map { JobID($0) }, secret: secret, description: description, enabled: enabled ?? true
        )
    }
}
