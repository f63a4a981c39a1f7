import Foundation
import SpoolCore
import SpoolTesting
import Testing

extension EndToEnd {
    /// python-socketio (the real client, installed by scripts/test.sh) against `spool serve`:
    /// `Support/socketio_client.py` runs the scenario and reports what it saw.
    @Suite("Socket.IO")
    struct SocketIO {
        /// Runs the client script in `mode` against a fresh server and a throttled media server.
        static func runClient(mode: String) async throws -> JSONValue {
            let media = try await TestMedia.generateVideo(seconds: 8)
            let size = (try FileManager.default.attributesOfItem(atPath: media.path)[.size] as? NSNumber)?.intValue ?? 1_000_000
            return try await withMediaServer(media.deletingLastPathComponent(), bytesPerSecond: max(size / 6, 20_000)) { files in
                try await withSpool { server, client in
                    let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Support/socketio_client.py")
                    let result = try await ChildRun.python(
                        script, arguments: [server.baseURL, try #require(client.token), files.url(for: media.lastPathComponent), mode]
                    )
                    try #require(result.status == 0, "socketio_client.py \(mode) failed:\n\(result.stderr.suffix(4_000))")
                    let line = result.stdout.split(separator: "\n").last.map(String.init) ?? ""
                    return try JSONDecoder().decode(JSONValue.self, from: Data(line.utf8))
                }
            }
        }

        /// What every mode must show.
        static func check(_ summary: JSONValue, transport: String) {
            #expect(summary["transport"]?.stringValue == transport)
            #expect(summary["refusedWithout"]?.stringValue?.hasPrefix("authentication required") == true, "\(summary)")
            #expect(summary["refusedBad"]?.stringValue == "invalid or expired token")
            #expect(summary["ack"]?["type"]?.stringValue == "subscribed")
            let types = summary["types"]?.arrayValue?.compactMap(\.stringValue) ?? []
            #expect(types.first == "job_added")
            #expect(summary["states"]?.arrayValue?.compactMap(\.stringValue) == ["DOWNLOADING", "DOWNLOADED", "COMPLETE"])
            #expect((summary["progressEvents"]?.doubleValue ?? 0) > 0)
            #expect((summary["eventsBeforeReconnect"]?.doubleValue ?? 0) > 0 && (summary["eventsAfterReconnect"]?.doubleValue ?? 0) > 0)
        }

        @Test("default transport (polling, then the upgrade): token auth, subscribe ack, a real download's events, resume without gaps")
        func defaultTransport() async throws {
            Self.check(try await Self.runClient(mode: "default"), transport: "websocket")
        }

        @Test("transports=['websocket']: the same scenario on a WebSocket-only session")
        func webSocketOnly() async throws {
            Self.check(try await Self.runClient(mode: "websocket"), transport: "websocket")
        }

        @Test("transports=['polling']: the same scenario over long-polling alone")
        func pollingOnly() async throws {
            Self.check(try await Self.runClient(mode: "polling"), transport: "polling")
        }
    }
}
