import Foundation
import HummingbirdWSClient
import Logging
import SpoolCore
import SpoolTesting
import Testing

extension EndToEnd {
    @Suite("WebSocket")
    struct WebSocket {
        /// Reads envelopes from /api/ws until COMPLETE for `jobID` shows up.
        static func readUntilComplete(_ client: E2EClient, subscribe: String, lastEventID: Int64? = nil, onSubscribed: @escaping @Sendable () async throws -> Void) async throws -> [JSONValue] {
            let collected = Collected()
            _ = try await WebSocketClient.connect(url: client.liveEventsURL, logger: Logger(label: "test.ws")) { inbound, outbound, _ in
                try await outbound.write(.text(#"{"type":"authenticate","token":"\#(client.token ?? "")"}"#))
                let resume = lastEventID.map { #","lastEventId":\#($0)"# } ?? ""
                try await outbound.write(.text(#"{"type":"subscribe","jobIds":\#(subscribe)\#(resume)}"#))
                for try await message in inbound.messages(maxSize: 1 << 20) {
                    guard case .text(let text) = message,
                          let value = try? JSONDecoder().decode(JSONValue.self, from: Data(text.utf8)) else { continue }
                    if value["type"]?.stringValue == "subscribed" {
                        try await onSubscribed()
                        continue
                    }
                    collected.append(value)
                    if value["type"]?.stringValue == "state_change", value["payload"]?["to"]?.stringValue == "COMPLETE" { return }
                }
            }
            return collected.values
        }

        @Test("a WebSocket client sees job_added, progress and every state change in order")
        func liveEvents() async throws {
            let media = try await TestMedia.generateVideo(seconds: 4)
            try await withMediaServer(media.deletingLastPathComponent()) { files in
                try await withSpool { _, client in
                    let box = JobIDBox()
                    let events = try await Self.readUntilComplete(client, subscribe: #""all""#) {
                        box.value = try await client.addJob(["url": files.url(for: media.lastPathComponent)])
                    }
                    let id = try #require(box.value)
                    let mine = events.filter { $0["jobId"]?.stringValue == id }
                    #expect(mine.first?["type"]?.stringValue == "job_added")
                    #expect(mine.contains { $0["type"]?.stringValue == "progress" })
                    let states = mine.filter { $0["type"]?.stringValue == "state_change" }.compactMap { $0["payload"]?["to"]?.stringValue }
                    #expect(states == ["DOWNLOADING", "DOWNLOADED", "COMPLETE"])

                    // A late client resuming from the job_added id gets the rest of the log, no gaps, no repeats.
                    let addedID = try #require(mine.first?["id"]?.doubleValue).rounded()
                    let replay = try await Self.readUntilComplete(client, subscribe: #"["\#(id)"]"#, lastEventID: Int64(addedID)) {}
                    let replayedIDs = replay.compactMap { $0["id"]?.doubleValue }.filter { $0 > 0 }
                    let liveIDs = mine.filter { $0["type"]?.stringValue != "progress" }.compactMap { $0["id"]?.doubleValue }.filter { $0 > addedID }
                    #expect(replayedIDs == liveIDs)
                }
            }
        }
    }
}

/// Collects values across a `@Sendable` boundary in tests.
final class Collected: @unchecked Sendable {
    // Appended only by the WebSocket handler's task, read after it returns.
    private(set) var values: [JSONValue] = []
    func append(_ value: JSONValue) { values.append(value) }
}
