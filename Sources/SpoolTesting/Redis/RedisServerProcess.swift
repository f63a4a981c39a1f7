import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// A real `redis-server` for tests: 127.0.0.1, a free port, a fresh temporary data folder, no RDB
/// snapshots, AOF on or off, an optional password. It can be stopped, killed (`SIGKILL`) and started
/// again on the same port and folder, to test reconnects and AOF recovery.
///
/// ```swift
/// try await RedisServerProcess.withServer { server in
///     let configuration = try RedisConfiguration(url: server.url)
///     …
/// }
/// ```
public final class RedisServerProcess: Sendable {
    /// The bound port (kept across restarts).
    public let port: Int
    /// The data folder (`--dir`), kept across restarts, deleted by ``destroy()``.
    public let directory: URL
    /// The `--requirepass` password, if any.
    public let password: String?
    /// Whether the append-only file is on.
    public let appendOnly: Bool
    private let extraArguments: [String]
    private let process = Mutex<Process?>(nil)

    /// The server binary: `$REDIS_SERVER`, else `redis-server` from `PATH`.
    public static var binary: String {
        if let path = ProcessInfo.processInfo.environment["REDIS_SERVER"] { return path }
        for folder in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin").split(separator: ":") {
            let candidate = "\(folder)/redis-server"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return "/usr/bin/redis-server"
    }

    private init(port: Int, directory: URL, password: String?, appendOnly: Bool, extraArguments: [String]) {
        self.port = port
        self.directory = directory
        self.password = password
        self.appendOnly = appendOnly
        self.extraArguments = extraArguments
    }

    /// Starts a server on a free port and waits until it answers `PING` (retries on a port collision).
    ///
    /// - Parameters:
    ///   - appendOnly: `--appendonly yes` (for restart tests) or `no`.
    ///   - password: `--requirepass`.
    ///   - arguments: more `redis-server` arguments, e.g. `["--maxmemory", "10mb"]`.
    public static func start(appendOnly: Bool = false, password: String? = nil, arguments: [String] = []) async throws -> RedisServerProcess {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("spool-redis-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        var lastError: (any Error)?
        for _ in 0..<5 {
            let server = RedisServerProcess(
                port: try freePort(), directory: directory, password: password, appendOnly: appendOnly, extraArguments: arguments
            )
            do {
                try await server.launch()
                return server
            } catch RedisServerError.portInUse {
                lastError = RedisServerError.portInUse
                continue
            } catch {
                try? FileManager.default.removeItem(at: directory)
                throw error
            }
        }
        try? FileManager.default.removeItem(at: directory)
        throw lastError ?? RedisServerError.portInUse
    }

    /// Runs `body` with a fresh server and always destroys the server afterwards.
    @discardableResult
    public static func withServer<Result>(
        appendOnly: Bool = false, password: String? = nil, arguments: [String] = [],
        _ body: (RedisServerProcess) async throws -> Result
    ) async throws -> Result {
        let server = try await start(appendOnly: appendOnly, password: password, arguments: arguments)
        do {
            let result = try await body(server)
            await server.destroy()
            return result
        } catch {
            await server.destroy()
            throw error
        }
    }

    /// `redis://[:password@]127.0.0.1:<port>` (the password percent-encoded).
    public var url: String {
        let userInfo = password.map { ":" + ($0.addingPercentEncoding(withAllowedCharacters: .urlPasswordAllowed) ?? $0) + "@" } ?? ""
        return "redis://\(userInfo)127.0.0.1:\(port)"
    }

    /// The server's pid while it runs.
    public var pid: Int32? { process.withLock { $0?.isRunning == true ? $0?.processIdentifier : nil } }

    /// Everything the server logged, over all its runs.
    public var log: String {
        (try? String(contentsOf: logURL, encoding: .utf8)) ?? ""
    }

    /// Stops the server cleanly with the `SHUTDOWN` command (it flushes its AOF and exits) and waits
    /// for the exit. (A signal would not do: Foundation's `Process` starts children with most signals,
    /// `SIGTERM` included, blocked.)
    public func stop() async {
        guard pid != nil else { return }
        var command = password.map { [["AUTH", $0]] } ?? []
        command.append(["SHUTDOWN"])
        let (port, commands) = (port, command)
        _ = try? await offCooperativePool { Self.exchange(port: port, commands: commands) }
        await signal(SIGKILL, after: .seconds(20))
    }

    /// Kills the server with `SIGKILL`, like a crash, and waits for the exit.
    public func kill() async {
        await signal(SIGKILL)
    }

    /// Starts the server again on the same port and data folder (stopping it first if it runs).
    public func restart() async throws {
        await stop()
        var lastError: (any Error)?
        // The old socket may linger for a moment after the exit; retry a few times.
        for _ in 0..<20 {
            do {
                try await launch()
                return
            } catch RedisServerError.portInUse {
                lastError = RedisServerError.portInUse
                try await Task.sleep(for: .milliseconds(100))
            }
        }
        throw lastError ?? RedisServerError.portInUse
    }

    /// Stops the server and deletes its data folder.
    public func destroy() async {
        await signal(SIGKILL)
        try? FileManager.default.removeItem(at: directory)
    }

    // MARK: Process

    private var logURL: URL { directory.appendingPathComponent("redis.log") }

    private func launch() async throws {
        var arguments = [
            "--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", appendOnly ? "yes" : "no",
            "--dir", directory.path, "--daemonize", "no", "--protected-mode", "no",
        ]
        if let password { arguments += ["--requirepass", password] }
        arguments += extraArguments
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.binary)
        process.arguments = arguments
        process.currentDirectoryURL = directory
        // Output goes to a file: a pipe read through a readability handler crashed libdispatch here.
        if !FileManager.default.fileExists(atPath: logURL.path) {
            _ = FileManager.default.createFile(atPath: logURL.path, contents: nil)
        }
        let log = try FileHandle(forWritingTo: logURL)
        try log.seekToEnd()
        process.standardOutput = log
        process.standardError = log
        process.standardInput = FileHandle.nullDevice
        let logStart = self.log.utf8.count
        try process.run()
        try log.close()
        self.process.withLock { $0 = process }
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline {
            if !process.isRunning {
                let output = String(self.log.utf8.dropFirst(logStart)) ?? ""
                self.process.withLock { $0 = nil }
                if output.contains("Address already in use") { throw RedisServerError.portInUse }
                throw RedisServerError.exited(output)
            }
            let (port, password, folder) = (port, password, directory.lastPathComponent)
            if (try? await offCooperativePool { Self.isServer(port: port, password: password, workingIn: folder) }) == true { return }
            try await Task.sleep(for: .milliseconds(20))
        }
        await signal(SIGKILL)
        throw RedisServerError.notReady(self.log)
    }

    /// Sends `signal` at once, or after waiting `delay` for the process to exit by itself.
    private func signal(_ signal: Int32, after delay: Duration = .zero) async {
        guard let process = process.withLock({ $0 }) else { return }
        let grace = Date().addingTimeInterval(Double(delay.components.seconds))
        while process.isRunning, Date() < grace {
            try? await Task.sleep(for: .milliseconds(10))
        }
        if process.isRunning { Glibc.kill(process.processIdentifier, signal) }
        let deadline = Date().addingTimeInterval(20)
        while process.isRunning, Date() < deadline {
            try? await Task.sleep(for: .milliseconds(10))
        }
        if process.isRunning {
            Glibc.kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        self.process.withLock { if $0 === process { $0 = nil } }
    }

    // MARK: Sockets

    /// A port the kernel just handed out for an ephemeral bind (free at that moment).
    public static func freePort() throws -> Int {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw RedisServerError.noFreePort }
        defer { close(descriptor) }
        var address = loopback(port: 0)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0 else { throw RedisServerError.noFreePort }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let named = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        guard named == 0 else { throw RedisServerError.noFreePort }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// True when the redis-server on `port` is the one working in the folder named `folder`
    /// (`CONFIG GET dir`): while a server starts, another test's server may take the port it was
    /// given and answer in its place.
    static func isServer(port: Int, password: String?, workingIn folder: String) -> Bool {
        var commands = password.map { [["AUTH", $0]] } ?? []
        commands.append(["CONFIG", "GET", "dir"])
        guard let reply = exchange(port: port, commands: commands) else { return false }
        return String(decoding: reply, as: UTF8.self).contains("/" + folder + "\r\n")
    }

    /// Writes `commands` as RESP arrays on a fresh connection and returns the first bytes of the
    /// answer (nil if nothing answered within a second).
    static func exchange(port: Int, commands: [[String]]) -> [UInt8]? {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var timeout = timeval(tv_sec: 1, tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = loopback(port: port)
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { return nil }
        var request = ""
        for command in commands {
            request += "*\(command.count)\r\n" + command.map { "$\($0.utf8.count)\r\n\($0)\r\n" }.joined()
        }
        let bytes = Array(request.utf8)
        guard send(descriptor, bytes, bytes.count, Int32(MSG_NOSIGNAL)) == bytes.count else { return nil }
        var reply = [UInt8](repeating: 0, count: 4096)
        let count = recv(descriptor, &reply, reply.count, 0)
        guard count > 0 else { return nil }
        return Array(reply[..<count])
    }

    private static func loopback(port: Int) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr = in_addr(s_addr: inet_addr("127.0.0.1"))
        return address
    }
}

/// Why a test redis-server could not run.
public enum RedisServerError: Error, CustomStringConvertible {
    /// Another process took the port.
    case portInUse
    /// No ephemeral port could be bound.
    case noFreePort
    /// The server exited while starting; its log.
    case exited(String)
    /// The server did not answer on its port within 20 s; its log.
    case notReady(String)

    /// A one-line reason, then the server's log if any.
    public var description: String {
        switch self {
        case .portInUse: "redis-server: the port was taken"
        case .noFreePort: "no free TCP port on 127.0.0.1"
        case .exited(let log): "redis-server exited while starting:\n\(log)"
        case .notReady(let log): "redis-server did not answer on its port within 20 s:\n\(log)"
        }
    }
}
