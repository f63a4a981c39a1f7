import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// A real S3-compatible server for tests: moto's server (`moto_server` from PyPI's `moto[server]`)
/// on 127.0.0.1 and a free port, all state in memory, stopped (killed) at the end.
///
/// moto accepts any credentials until ``enableAuthentication()``; from then on it checks SigV4
/// signatures against the access keys of IAM users created on it (IAM's `CreateUser`,
/// `CreateAccessKey`, `PutUserPolicy`). It does not check a presigned URL's expiry, and it reports
/// every multipart upload as initiated on 2010-11-10.
///
/// ```swift
/// try await MotoServerProcess.withServer { moto in
///     let endpoint = moto.endpoint   // http://127.0.0.1:<port>
///     …
/// }
/// ```
public final class MotoServerProcess: Sendable {
    /// The bound port.
    public let port: Int
    /// A temporary folder holding the server's log.
    public let directory: URL
    private let process = Mutex<Process?>(nil)

    /// The server binary: `$MOTO_SERVER`, else `moto_server` on `PATH` (scripts/test.sh puts the
    /// repository's `.venv/bin` first), else the repository's `.venv/bin/moto_server`; nil when none exists.
    public static var binary: String? {
        let environment = ProcessInfo.processInfo.environment
        if let path = environment["MOTO_SERVER"], !path.isEmpty { return path }
        var candidates = (environment["PATH"] ?? "/usr/bin").split(separator: ":").map { "\($0)/moto_server" }
        let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        candidates.append(repository.appendingPathComponent(".venv/bin/moto_server").path)
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    private init(port: Int, directory: URL) {
        self.port = port
        self.directory = directory
    }

    /// Starts a server on a free port and waits until it answers HTTP (retries on a port collision).
    public static func start() async throws -> MotoServerProcess {
        guard let binary else { throw MotoServerError.notInstalled }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("spool-moto-\(UUID().uuidString.prefix(8).lowercased())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        var lastError: (any Error)?
        for _ in 0..<5 {
            let server = MotoServerProcess(port: try RedisServerProcess.freePort(), directory: directory)
            do {
                try await server.launch(binary: binary)
                return server
            } catch MotoServerError.portInUse {
                lastError = MotoServerError.portInUse
            } catch {
                try? FileManager.default.removeItem(at: directory)
                throw error
            }
        }
        try? FileManager.default.removeItem(at: directory)
        throw lastError ?? MotoServerError.portInUse
    }

    /// Runs `body` with a fresh server and always stops the server afterwards.
    @discardableResult
    public static func withServer<Result>(_ body: (MotoServerProcess) async throws -> Result) async throws -> Result {
        let server = try await start()
        do {
            let result = try await body(server)
            await server.stop()
            return result
        } catch {
            await server.stop()
            throw error
        }
    }

    /// `http://127.0.0.1:<port>`.
    public var endpoint: URL { URL(string: "http://127.0.0.1:\(port)")! }

    /// Everything the server logged.
    public var log: String { (try? String(contentsOf: logURL, encoding: .utf8)) ?? "" }

    /// The server's pid while it runs.
    public var pid: Int32? { process.withLock { $0?.isRunning == true ? $0?.processIdentifier : nil } }

    /// From now on every request must carry a valid SigV4 signature of an IAM user created on this
    /// server (moto's `INITIAL_NO_AUTH_ACTION_COUNT` set to 0 through `/moto-api/reset-auth`).
    public func enableAuthentication() throws {
        let (status, body) = try Self.exchange(port: port, method: "POST", path: "/moto-api/reset-auth", body: "0")
        guard status == 200 else { throw MotoServerError.requestFailed("reset-auth answered \(status): \(body)") }
    }

    /// Kills the server (moto keeps everything in memory; a signal it cannot ignore is enough),
    /// waits for the exit and deletes its folder.
    public func stop() async {
        guard let process = process.withLock({ $0 }) else { return }
        if process.isRunning { Glibc.kill(process.processIdentifier, SIGKILL) }
        let deadline = Date().addingTimeInterval(20)
        while process.isRunning, Date() < deadline {
            try? await Task.sleep(for: .milliseconds(10))
        }
        self.process.withLock { $0 = nil }
        try? FileManager.default.removeItem(at: directory)
    }

    // MARK: Process

    private var logURL: URL { directory.appendingPathComponent("moto-\(port).log") }

    private func launch(binary: String) async throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = ["-H", "127.0.0.1", "-p", String(port)]
        process.currentDirectoryURL = directory
        var environment = ProcessInfo.processInfo.environment
        environment["PYTHONUNBUFFERED"] = "1"
        process.environment = environment
        // Output goes to a file: a pipe read through a readability handler crashed libdispatch here.
        _ = FileManager.default.createFile(atPath: logURL.path, contents: nil)
        let log = try FileHandle(forWritingTo: logURL)
        process.standardOutput = log
        process.standardError = log
        process.standardInput = FileHandle.nullDevice
        try process.run()
        try log.close()
        self.process.withLock { $0 = process }
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline {
            if !process.isRunning {
                self.process.withLock { $0 = nil }
                let output = self.log
                if output.contains("Address already in use") { throw MotoServerError.portInUse }
                throw MotoServerError.exited(output)
            }
            // Only moto's own answer counts: while moto starts (seconds, on a busy machine) another
            // test's server may take the port it was given, and that one answers too.
            let port = port
            if let (status, body) = try? await offCooperativePool({ try Self.exchange(port: port, method: "GET", path: "/moto-api/data.json") }),
               status == 200, body.hasPrefix("{"), process.isRunning {
                return
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        await stopProcess(process)
        throw MotoServerError.notReady(self.log)
    }

    private func stopProcess(_ process: Process) async {
        if process.isRunning { Glibc.kill(process.processIdentifier, SIGKILL) }
        while process.isRunning { try? await Task.sleep(for: .milliseconds(10)) }
        self.process.withLock { $0 = nil }
    }

    // MARK: HTTP

    /// One HTTP/1.1 request on a fresh connection (`Connection: close`); the status and body.
    static func exchange(port: Int, method: String, path: String, body: String = "") throws -> (status: Int, body: String) {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw MotoServerError.requestFailed("socket: \(errno)") }
        defer { close(descriptor) }
        var timeout = timeval(tv_sec: 10, tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr = in_addr(s_addr: inet_addr("127.0.0.1"))
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw MotoServerError.requestFailed("connect: \(errno)") }
        let request = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nContent-Length: \(body.utf8.count)\r\nConnection: close\r\n\r\n\(body)"
        let bytes = Array(request.utf8)
        guard send(descriptor, bytes, bytes.count, Int32(MSG_NOSIGNAL)) == bytes.count else { throw MotoServerError.requestFailed("send: \(errno)") }
        var reply: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = recv(descriptor, &chunk, chunk.count, 0)
            if count <= 0 { break }
            reply += chunk[..<count]
        }
        let text = String(decoding: reply, as: UTF8.self)
        let statusLine = text.prefix { $0 != "\r" }.split(separator: " ")
        guard statusLine.count >= 2, statusLine[0].hasPrefix("HTTP/"), let status = Int(statusLine[1]) else {
            throw MotoServerError.requestFailed("no HTTP answer")
        }
        let body = text.range(of: "\r\n\r\n").map { String(text[$0.upperBound...]) } ?? ""
        return (status, body)
    }
}

/// Why a test moto server could not run.
public enum MotoServerError: Error, CustomStringConvertible {
    /// No `moto_server` was found.
    case notInstalled
    /// Another process took the port.
    case portInUse
    /// The server exited while starting; its log.
    case exited(String)
    /// The server did not answer HTTP within 60 s; its log.
    case notReady(String)
    /// A request to moto's own API failed.
    case requestFailed(String)

    /// A one-line reason, then the server's log if any.
    public var description: String {
        switch self {
        case .notInstalled: "moto_server not found: set MOTO_SERVER or put it on PATH (scripts/test.sh installs moto[server] into .venv)"
        case .portInUse: "moto_server: the port was taken"
        case .exited(let log): "moto_server exited while starting:\n\(log)"
        case .notReady(let log): "moto_server did not answer HTTP within 60 s:\n\(log)"
        case .requestFailed(let reason): "moto_server request failed: \(reason)"
        }
    }
}
