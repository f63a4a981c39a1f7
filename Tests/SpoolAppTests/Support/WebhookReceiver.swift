import Foundation
import SpoolCore
#if canImport(Glibc)
import Glibc
#endif

/// `webhook_receiver.py` beside this file: a loopback HTTP receiver that verifies every signed
/// request with the `standardwebhooks` package and answers each path's statuses in turn.
final class WebhookReceiver: Sendable {
    let process: Process
    let logFile: URL
    /// Its port on 127.0.0.1.
    let port: Int
    /// The secret it verifies with.
    let secret: String

    private init(process: Process, logFile: URL, port: Int, secret: String) {
        self.process = process
        self.logFile = logFile
        self.port = port
        self.secret = secret
    }

    /// Starts a receiver answering `paths` (path → statuses in turn) and waits until it listens.
    static func start(secret: String = WebhookSecret.generate(), paths: [String: [Int]] = [:]) async throws -> WebhookReceiver {
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("webhook_receiver.py")
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("spool-hooks-\(UUID().uuidString.prefix(8))")
        let config = base.appendingPathExtension("json")
        let log = base.appendingPathExtension("jsonl")
        let output = base.appendingPathExtension("out")
        try JSONSerialization.data(withJSONObject: ["secret": secret, "paths": paths]).write(to: config)
        FileManager.default.createFile(atPath: log.path, contents: nil)
        FileManager.default.createFile(atPath: output.path, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script.path, config.path, log.path]
        let handle = try FileHandle(forWritingTo: output)
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        try handle.close()
        let deadline = ContinuousClock.now + .seconds(60)
        while ContinuousClock.now < deadline {
            let text = (try? String(contentsOf: output, encoding: .utf8)) ?? ""
            if let line = text.split(separator: "\n").first(where: { $0.hasPrefix("listening on ") }), let port = Int(line.dropFirst("listening on ".count)) {
                return WebhookReceiver(process: process, logFile: log, port: port, secret: secret)
            }
            if !process.isRunning { throw E2EError("the webhook receiver exited: \(text)") }
            try await Task.sleep(for: .milliseconds(50))
        }
        process.terminate()
        throw E2EError("the webhook receiver did not start")
    }

    /// `http://127.0.0.1:<port><path>`.
    func url(_ path: String) -> String { "http://127.0.0.1:\(port)\(path)" }

    /// Every request received so far, oldest first.
    var requests: [JSONValue] {
        let text = (try? String(contentsOf: logFile, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").compactMap { try? JSONDecoder().decode(JSONValue.self, from: Data($0.utf8)) }
    }

    /// Waits until `condition` holds for the requests (up to `timeout`) and returns them.
    @discardableResult
    func wait(timeout: Duration = .seconds(60), _ what: String, until condition: ([JSONValue]) -> Bool) async throws -> [JSONValue] {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            let requests = self.requests
            if condition(requests) { return requests }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw E2EError("timed out waiting for \(what); received: \(requests)")
    }

    /// Stops the receiver.
    func stop() {
        let pid = process.processIdentifier
        if pid > 0 { kill(pid, SIGKILL) }
        for _ in 0..<100 where process.isRunning {
            usleep(20_000)
        }
    }
}

extension JSONValue {
    /// The `type` of a recorded webhook body.
    var webhookType: String? { self["body"]?["type"]?.stringValue }
}
