import Foundation
import SpoolCore
import SpoolTesting
import Testing

extension EndToEnd {
    @Suite("Connection edge")
    struct ConnectionEdge {
        @Test("HTTP_MAX_CONNECTIONS=2: a third connection waits until one of two closes; a live stream outlives HTTP_HEADER_TIMEOUT")
        func limitAndStream() async throws {
            // Without withSpool's client: its pooled connection would take one of the two slots.
            let server = try SpoolProcess(environment: ["HTTP_MAX_CONNECTIONS": "2", "HTTP_HEADER_TIMEOUT": "1s"])
            try await server.start()
            let port = String(URL(string: server.baseURL)?.port ?? 0)
            let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Support/connection_edge.py")
            let run = try await ChildRun.python(script, arguments: [port, server.adminPassword])
            await server.destroy()
            #expect(run.status == 0, "\(run.stdout) \(run.stderr)")
            let result = (try? JSONDecoder().decode(JSONValue.self, from: Data(run.stdout.utf8))) ?? .null
            guard case .array(let held) = result["held"] ?? .null else {
                Issue.record("no result: \(run.stdout) \(run.stderr)")
                return
            }
            #expect(held.count == 2 && held.allSatisfy { $0.stringValue?.hasPrefix("HTTP/1.1 ") == true }, "\(held)")
            #expect(result["third_waited"] == .bool(true), "the third connection is not served while two are open: \(run.stdout)")
            #expect(result["third_after_close"]?.stringValue?.hasPrefix("HTTP/1.1 ") == true, "served once a slot was free: \(run.stdout)")
            #expect(result["stream_status"]?.stringValue == "HTTP/1.1 200 OK", "\(run.stdout)")
            #expect(result["stream_open_after_timeout"] == .bool(true), "the stream is not cut by the header timeout: \(run.stdout)")
        }
    }
}
