import AsyncHTTPClient
import Foundation
import HummingbirdWSClient
import Logging
import NIOCore
import NIOHTTP1
import SpoolCore

/// A small HTTP client for end-to-end tests; responses are decoded as ``JSONValue``.
struct E2EClient: Sendable {
    let baseURL: String
    var token: String?

    struct Response: Sendable {
        let status: Int
        let body: JSONValue
        let raw: String
    }

    /// Logs in as admin and returns a client carrying the session token.
    static func login(_ server: SpoolProcess) async throws -> E2EClient {
        let anonymous = E2EClient(baseURL: server.baseURL, token: nil)
        let response = try await anonymous.send("POST", "/api/auth/login", json: ["username": "admin", "password": server.adminPassword])
        guard response.status == 200, let token = response.body["token"]?.stringValue else {
            throw E2EError("login failed: \(response.status) \(response.raw)")
        }
        return E2EClient(baseURL: server.baseURL, token: token)
    }

    /// The live-events WebSocket's address, `ws://…/api/ws`.
    var liveEventsURL: String {
        baseURL.replacingOccurrences(of: "http://", with: "ws://") + "/api/ws"
    }

    /// Opens the live-events WebSocket as the web UI does (connect, authenticate with the token)
    /// and runs `body` while it is open.
    func withLiveEvents(_ body: @escaping @Sendable () async throws -> Void) async throws {
        let token = self.token ?? ""
        _ = try await WebSocketClient.connect(url: liveEventsURL, logger: Logger(label: "test.ws")) { _, outbound, _ in
            try await outbound.write(.text(#"{"type":"authenticate","token":"\#(token)"}"#))
            try await body()
        }
    }

    /// Sends a request with an optional JSON body.
    func send(_ method: String, _ path: String, json: [String: Any]? = nil, rawBody: Data? = nil, headers: [(String, String)] = []) async throws -> Response {
        var request = HTTPClientRequest(url: baseURL + path)
        request.method = HTTPMethod(rawValue: method)
        if let token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let json {
            let data = try JSONSerialization.data(withJSONObject: json)
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: data))
        } else if let rawBody {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: rawBody))
        }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        let buffer = try await response.body.collect(upTo: 16 << 20)
        let raw = String(buffer: buffer)
        let body = (try? JSONDecoder().decode(JSONValue.self, from: Data(raw.utf8))) ?? .null
        return Response(status: Int(response.status.code), body: body, raw: raw)
    }

    /// Creates a job and returns its id.
    func addJob(_ fields: [String: Any]) async throws -> String {
        let response = try await send("POST", "/api/jobs", json: fields)
        guard response.status == 201, let id = response.body["job"]?["id"]?.stringValue else {
            throw E2EError("create failed: \(response.status) \(response.raw)")
        }
        return id
    }

    /// The job's JSON.
    func job(_ id: String) async throws -> JSONValue {
        let response = try await send("GET", "/api/jobs/\(id)")
        guard response.status == 200, let job = response.body["job"] else {
            throw E2EError("get failed: \(response.status) \(response.raw)")
        }
        return job
    }

    /// Polls until the job's status is one of `states` (or times out).
    @discardableResult
    func waitForStatus(_ id: String, in states: Set<String>, timeout: Duration = .seconds(240)) async throws -> JSONValue {
        let deadline = ContinuousClock.now + timeout
        var last: JSONValue = .null
        while ContinuousClock.now < deadline {
            last = try await job(id)
            if let status = last["status"]?.stringValue, states.contains(status) { return last }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw E2EError("job \(id) did not reach \(states.sorted()) in time; last: \(last)")
    }

    /// Waits until the job is downloading with at least `bytes` done (up to three minutes: a busy
    /// machine starts yt-dlp slowly).
    func waitForBytes(_ id: String, atLeast bytes: Double) async throws {
        let deadline = ContinuousClock.now + .seconds(180)
        while ContinuousClock.now < deadline {
            let job = try await job(id)
            if job["status"]?.stringValue == "DOWNLOADING", (job["progress"]?["downloadedBytes"]?.doubleValue ?? 0) >= bytes { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw E2EError("job \(id) never reached \(bytes) bytes")
    }

    /// The messages of the job's log (its first 500 events).
    func logMessages(_ id: String) async throws -> [String] {
        let logs = try await send("GET", "/api/jobs/\(id)/logs?limit=500")
        return logs.body["events"]?.arrayValue?.compactMap { $0["payload"]?["message"]?.stringValue } ?? []
    }
}

struct E2EError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
