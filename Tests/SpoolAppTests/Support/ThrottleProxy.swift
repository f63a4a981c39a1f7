import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// `throttle_proxy.py` beside this file: a loopback TCP proxy in front of `targetPort` that sends
/// at most `bytesPerSecond` towards the target and counts what it sent.
final class ThrottleProxy: Sendable {
    let process: Process
    let stateFile: URL
    /// The proxy's port on 127.0.0.1.
    let port: Int

    private init(process: Process, stateFile: URL, port: Int) {
        self.process = process
        self.stateFile = stateFile
        self.port = port
    }

    /// Starts the proxy and waits until it listens.
    static func start(targetPort: Int, bytesPerSecond: Int) async throws -> ThrottleProxy {
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("throttle_proxy.py")
        let state = FileManager.default.temporaryDirectory.appendingPathComponent("spool-proxy-\(UUID().uuidString.prefix(8)).state")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script.path, String(targetPort), String(bytesPerSecond), state.path]
        try process.run()
        let deadline = ContinuousClock.now + .seconds(20)
        while ContinuousClock.now < deadline {
            if let text = try? String(contentsOf: state, encoding: .utf8), let port = text.split(separator: " ").first.flatMap({ Int($0) }), port > 0 {
                return ThrottleProxy(process: process, stateFile: state, port: port)
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        process.terminate()
        throw E2EError("the throttling proxy did not start")
    }

    /// Bytes sent towards the target so far.
    var bytesSent: Int64 {
        guard let text = try? String(contentsOf: stateFile, encoding: .utf8) else { return 0 }
        let parts = text.split(whereSeparator: { $0 == " " || $0 == "\n" })
        return parts.count > 1 ? Int64(parts[1]) ?? 0 : 0
    }

    /// `http://127.0.0.1:<port>`.
    var endpoint: String { "http://127.0.0.1:\(port)" }

    /// Stops the proxy (a signal it cannot ignore) and waits a moment for it to go.
    func stop() {
        let pid = process.processIdentifier
        if pid > 0 { kill(pid, SIGKILL) }
        for _ in 0..<100 where process.isRunning {
            usleep(20_000)
        }
        try? FileManager.default.removeItem(at: stateFile)
    }
}
