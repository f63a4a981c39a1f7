import Foundation
import SpoolCore

/// A stop request on the control channel: `{"request": …, "jobId": …, "reason": "pause"}`.
/// Listeners answer on ``RedisStopCommand/replyChannel(prefix:)`` with `1` (stopped here) or `0`.
struct RedisStopCommand: Codable, Sendable {
    var request: String
    var jobId: JobID
    var reason: String

    func replyChannel(prefix: String) -> String {
        prefix + "control:reply:" + request
    }

    func encoded() throws -> String {
        String(decoding: try JSONEncoder().encode(self), as: UTF8.self)
    }

    static func decode(_ text: String) throws -> RedisStopCommand {
        try JSONDecoder().decode(RedisStopCommand.self, from: Data(text.utf8))
    }
}
