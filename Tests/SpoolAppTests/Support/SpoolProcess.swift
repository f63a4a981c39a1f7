import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Runs the real `spool serve` binary for end-to-end tests, on 127.0.0.1 and a free port.
final class SpoolProcess: Sendable {
    /// Where its database and media live (kept across restarts of the same instance).
    let dataDirectory: URL
    /// The admin password given to it.
    let adminPassword = "test-admin-password"
    private let extraEnvironment: [String: String]
    /// The subcommand and its arguments (`serve` by default; `gateway`, `worker --stage …`).
    let arguments: [String]
    /// The binary to run (``binary`` unless given).
    let executable: String
    /// The folder it starts in (the test's own unless given).
    let workingDirectory: URL?
    private let state = Mutex<(process: Process?, port: Int?, logURL: URL?)>((nil, nil, nil))

    /// Creates (does not start) a server over a fresh data folder.
    init(
        environment: [String: String] = [:], dataDirectory: URL? = nil, arguments: [String] = ["serve"],
        executable: String = SpoolProcess.binary, workingDirectory: URL? = nil
    ) throws {
        self.arguments = arguments
        self.executable = executable
        self.workingDirectory = workingDirectory
        self.dataDirectory = dataDirectory ?? FileManager.default.temporaryDirectory.appendingPathComponent("spool-e2e-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: self.dataDirectory, withIntermediateDirectories: true)
        self.extraEnvironment = environment
    }

    /// The binary built by `swift test`: the test bundle's sibling, else `.build/debug/spool`.
    static var binary: String {
        let runner = URL(fileURLWithPath: ProcessInfo.processInfo.arguments[0]).resolvingSymlinksInPath()
        let sibling = runner.deletingLastPathComponent().appendingPathComponent("spool").path
        if runner.path.hasSuffix(".xctest"), FileManager.default.isExecutableFile(atPath: sibling) { return sibling }
        var url = URL(fileURLWithPath: #filePath)
        while url.path != "/" {
            url.deleteLastPathComponent()
            let candidate = url.appendingPathComponent(".build/debug/spool").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return "spool"
    }

    /// `http://127.0.0.1:<port>`.
    var baseURL: String { "http://127.0.0.1:\(state.withLock { $0.port } ?? 0)" }

    /// The server's pid, while running.
    var pid: Int32? { state.withLock { $0.process?.processIdentifier } }

    /// Everything it printed so far (this run).
    var output: String {
        guard let url = state.withLock({ $0.logURL }), let data = FileManager.default.contents(atPath: url.path) else { return "" }
        return String(decoding: data, as: UTF8.self)
    }

    /// The media root.
    var mediaRoot: URL { dataDirectory.appendingPathComponent("media") }

    /// Starts the server and waits until it listens (up to 60 s).
    func start(port: Int = 0) async throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let workingDirectory { process.currentDirectoryURL = workingDirectory }
        var env = ProcessInfo.processInfo.environment
        env["HOST"] = "127.0.0.1"
        env["PORT"] = String(port)
        env["DB_PATH"] = dataDirectory.appendingPathComponent("spool.sqlite").path
        env["MEDIA_ROOT"] = mediaRoot.path
        env["SPOOL_ADMIN_PASSWORD"] = adminPassword
        env["BCRYPT_COST"] = "4"
        env["MIN_FREE_SPACE"] = "1MiB"
        env["LOG_LEVEL"] = env["SPOOL_TEST_LOG_LEVEL"] ?? "info"
        env["RETRY_BASE_DELAY"] = "200ms"
        for (key, value) in extraEnvironment { env[key] = value }
        process.environment = env
        // Output goes to a file: a pipe read through a readability handler can leave a dispatch
        // source on a closed descriptor when the process ends, which crashes libdispatch on Linux.
        let logURL = dataDirectory.appendingPathComponent("serve-\(UUID().uuidString.prefix(8)).log")
        FileManager.default.createFile(atPath: logURL.path, contents: nil)
        let log = try FileHandle(forWritingTo: logURL)
        process.standardOutput = log
        process.standardError = log
        state.withLock {
            $0.process = process
            $0.port = nil
            $0.logURL = logURL
        }
        try process.run()
        try log.close()
        let deadline = Date().addingTimeInterval(120)
        while Date() < deadline {
            if let port = Self.listeningPort(in: output) {
                state.withLock { $0.port = port }
                return
            }
            if !process.isRunning {
                throw SpoolProcessError.exited(output)
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw SpoolProcessError.timeout(output)
    }

    /// Sends a signal (SIGTERM by default) and waits for the exit (up to 30 s).
    @discardableResult
    func stop(signal: Int32 = SIGTERM) async -> Int32 {
        guard let process = state.withLock({ $0.process }) else { return 0 }
        if process.isRunning { kill(process.processIdentifier, signal) }
        let deadline = Date().addingTimeInterval(30)
        while process.isRunning, Date() < deadline {
            try? await Task.sleep(for: .milliseconds(50))
        }
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        state.withLock { $0.process = nil }
        return process.terminationStatus
    }

    /// Stops the server and deletes its data.
    func destroy() async {
        await stop()
        try? FileManager.default.removeItem(at: dataDirectory)
    }

    /// The port in the first "listening on http://host:port" (server, gateway) or
    /// "health on http://host:port" (worker) line.
    static func listeningPort(in output: String) -> Int? {
        guard let range = output.range(of: "listening on http://") ?? output.range(of: "listening on https://")
            ?? output.range(of: "health on http://") else { return nil }
        let rest = output[range.upperBound...]
        guard let colon = rest.firstIndex(of: ":") else { return nil }
        let digits = rest[rest.index(after: colon)...].prefix { $0.isNumber }
        return Int(digits)
    }
}

/// Why the server could not start.
enum SpoolProcessError: Error, CustomStringConvertible {
    case exited(String)
    case timeout(String)

    var description: String {
        switch self {
        case .exited(let output): "spool exited during start:\n\(output)"
        case .timeout(let output): "spool did not listen within 60 s:\n\(output)"
        }
    }
}
