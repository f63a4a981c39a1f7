import AsyncHTTPClient
import Foundation
import NIOCore
import SpoolCore

/// Reads a server-sent event stream and collects envelopes until a condition holds.
enum SSEReader {
    struct Frame: Sendable {
        var id: String?
        var event: String?
        var data: String
        var envelope: JSONValue { (try? JSONDecoder().decode(JSONValue.self, from: Data(data.utf8))) ?? .null }
    }

    /// Connects and reads frames until `until` returns true for the collected list or the timeout.
    static func collect(
        _ client: E2EClient,
        query: String = "",
        lastEventID: String? = nil,
        timeout: Duration = .seconds(60),
        onOpen: @escaping @Sendable () async throws -> Void = {},
        until: @escaping @Sendable ([Frame]) -> Bool
    ) async throws -> [Frame] {
        var request = HTTPClientRequest(url: client.baseURL + "/api/events?token=\(client.token ?? "")" + (query.isEmpty ? "" : "&" + query))
        if let lastEventID { request.headers.add(name: "Last-Event-ID", value: lastEventID) }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(Int64(timeout.components.seconds)))
        guard response.status.code == 200 else { throw E2EError("SSE status \(response.status)") }
        return try await withThrowingTaskGroup(of: [Frame]?.self) { group in
            group.addTask {
                var frames: [Frame] = []
                var pending = ""
                var current = Frame(data: "")
                var opened = false
                for try await buffer in response.body {
                    // The stream is live once its first bytes (`retry:`) arrive: the server subscribes
                    // before it writes them, not before the response head.
                    if !opened {
                        opened = true
                        try await onOpen()
                    }
                    pending += String(buffer: buffer)
                    while let newline = pending.firstIndex(of: "\n") {
                        let line = String(pending[..<newline]).trimmingCharacters(in: CharacterSet(charactersIn: "\r"))
                        pending = String(pending[pending.index(after: newline)...])
                        if line.isEmpty {
                            if !current.data.isEmpty {
                                frames.append(current)
                                if until(frames) { return frames }
                            }
                            current = Frame(data: "")
                        } else if line.hasPrefix("id:") {
                            current.id = line.dropFirst(3).trimmingCharacters(in: .whitespaces)
                        } else if line.hasPrefix("event:") {
                            current.event = line.dropFirst(6).trimmingCharacters(in: .whitespaces)
                        } else if line.hasPrefix("data:") {
                            current.data += (current.data.isEmpty ? "" : "\n") + line.dropFirst(5).trimmingCharacters(in: .whitespaces)
                        }
                    }
                }
                return frames
            }
            group.addTask {
                try await Task.sleep(for: timeout)
                return nil
            }
            let first = try await group.next() ?? nil
            group.cancelAll()
            guard let frames = first else { throw E2EError("SSE condition not met within \(timeout)") }
            return frames
        }
    }
}
