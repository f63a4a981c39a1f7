import Foundation
import SpoolCore

/// `PATCH /api/webhooks/{id}`: any of `url`, `events` (`null` for all), `sourceIds` (`null` for
/// any), `enabled`, `description`; members left out (or `null`, but `url`) stay as they are.
public struct UpdateWebhookRequest: Sendable, Decodable, Hashable {
    /// The core's changes.
    public var changes: NotificationService.Changes

    /// Decodes strictly, telling a member set to `null` from one left out.
    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(allowed: CodingKeys.memberNames)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        var changes = NotificationService.Changes()
        if c.contains(.url), try c.decodeNil(forKey: .url) {
            throw SpoolError(.invalidInput, "url cannot be null (leave it out to keep the URL)")
        }
        changes.url = try c.decodeIfPresent(String.self, forKey: .url)
        if c.contains(.events) {
            changes.events = .some(try c.decodeIfPresent([String].self, forKey: .events).map { Set(try $0.map(NotificationEventType.parse)) })
        }
        if c.contains(.sourceIds) {
            changes.sourceIDs = .some(try c.decodeIfPresent([Int64].self, forKey: .sourceIds))
        }
        changes.enabled = try c.decodeIfPresent(Bool.self, forKey: .enabled)
        changes.description = try c.decodeIfPresent(String.self, forKey: .description)
        self.changes = changes
    }

    private enum CodingKeys: String, CodingKey, CaseIterable {
        case url, events, sourceIds, enabled, description
    }
}
