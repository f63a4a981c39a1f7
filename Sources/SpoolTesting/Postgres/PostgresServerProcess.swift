import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// A real PostgreSQL server for tests: a throwaway cluster (`initdb --auth=trust`) in a temporary
/// folder, listening on 127.0.0.1 on a free port, with a fresh database per test.
///
/// PostgreSQL refuses to run as root, so when the tests run as root the server's commands run as
/// the `postgres` user (`runuser`) and the folder is handed to that user. One server per test
/// process is enough: ``shared()`` starts it once and stops it when the process exits.
///
/// ```swift
/// let server = try await PostgresServerProcess.shared()
/// try await server.withDatabase { url in
///     let configuration = try PostgresDatabase.Configuration(url: url)
///     …
/// }
/// ```
public final class PostgresServerProcess: Sendable {
    /// The bound port.
    public let port: Int
    /// The temporary folder holding the cluster (`data`), the socket folder and the logs.
    public let directory: URL

    /// Folder of the server binaries: `$PG_BIN`, else the newest `/usr/lib/postgresql/<n>/bin`.
    public static var binaries: URL {
        if let path = ProcessInfo.processInfo.environment["PG_BIN"] { return URL(fileURLWithPath: path) }
        let root = URL(fileURLWithPath: "/usr/lib/postgresql")
        let versions = (try? FileManager.default.contentsOfDirectory(atPath: root.path)) ?? []
        let newest = versions.compactMap(Int.init).max().map(String.init) ?? "15"
        return root.appendingPathComponent(newest).appendingPathComponent("bin")
    }

    /// Whether the server serves TLS only (``start(tls:)``).
    public let servesTLS: Bool

    private init(port: Int, directory: URL, servesTLS: Bool = false) {
        self.port = port
        self.directory = directory
        self.servesTLS = servesTLS
    }

    /// Creates a cluster and starts it on a free port (retrying on a port collision); it runs
    /// until ``stop()``.
    ///
    /// - Parameter tls: Certificates to serve with `ssl=on`; then TCP connections without TLS are
    ///   refused (`hostnossl … reject`), so a client that connects surely used TLS.
    public static func start(tls: TestCertificates? = nil) async throws -> PostgresServerProcess {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("spool-pg-\(UUID().uuidString.prefix(8).lowercased())")
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("sock"), withIntermediateDirectories: true)
        do {
            if let tls {
                for (source, name) in [(tls.certificateFile, "server.pem"), (tls.keyFile, "server.key")] {
                    try FileManager.default.copyItem(atPath: source, toPath: directory.appendingPathComponent(name).path)
                }
                try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: directory.appendingPathComponent("server.key").path)
            }
            try await PostgresCommand.handOver(directory)
            try await PostgresCommand.run(binaries.appendingPathComponent("initdb").path, [
                "-D", directory.appendingPathComponent("data").path, "-U", "postgres", "--auth=trust",
                "-E", "UTF8", "--locale=C.UTF-8", "--no-sync",
            ], asServerUser: true, log: directory.appendingPathComponent("initdb.log"))
            if tls != nil {
                let hba = directory.appendingPathComponent("data/pg_hba.conf")
                let rules = try String(contentsOf: hba, encoding: .utf8)
                try ("hostnossl all all 0.0.0.0/0 reject\nhostnossl all all ::/0 reject\n" + rules).write(to: hba, atomically: false, encoding: .utf8)
            }
            var lastError: (any Error)?
            for _ in 0..<5 {
                let server = PostgresServerProcess(port: try RedisServerProcess.freePort(), directory: directory, servesTLS: tls != nil)
                do {
                    try await server.launch()
                    return server
                } catch {
                    lastError = error
                    guard server.log.contains("could not bind") || server.log.contains("already in use") else { throw error }
                }
            }
            throw lastError ?? PostgresServerError.failed("postgres did not start")
        } catch {
            try? FileManager.default.removeItem(at: directory)
            throw error
        }
    }

    /// The server shared by every test of this process, started on first use and stopped (its
    /// folder deleted) when the process exits.
    public static func shared() async throws -> PostgresServerProcess {
        try await SharedPostgresServer.instance.server()
    }

    /// `postgres://postgres@127.0.0.1:<port>/<database>?sslmode=disable`.
    public func url(database: String) -> String {
        "postgres://postgres@127.0.0.1:\(port)/\(database)?sslmode=disable"
    }

    /// Creates an empty database with a random name `test_…` and returns the name.
    public func createDatabase() async throws -> String {
        let name = "test_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(16).lowercased()
        try await psql("CREATE DATABASE \(name)")
        return name
    }

    /// Drops a database, closing any connection still open to it.
    public func dropDatabase(_ name: String) async throws {
        try await psql("DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
    }

    /// Runs `body` with the URL of a fresh database and always drops the database afterwards.
    @discardableResult
    public func withDatabase<Result>(_ body: (_ url: String) async throws -> Result) async throws -> Result {
        let name = try await createDatabase()
        do {
            let result = try await body(url(database: name))
            try await dropDatabase(name)
            return result
        } catch {
            try? await dropDatabase(name)
            throw error
        }
    }

    /// Runs one SQL command with `psql` as the `postgres` superuser in database `postgres`.
    public func psql(_ sql: String, database: String = "postgres") async throws {
        try await PostgresCommand.run("/usr/bin/psql", [
            "-h", "127.0.0.1", "-p", String(port), "-U", "postgres", "-d", database, "-v", "ON_ERROR_STOP=1", "-qAtc", sql,
        ], asServerUser: false, log: directory.appendingPathComponent("psql-\(UUID().uuidString.prefix(8)).log"))
    }

    /// Everything the server logged.
    public var log: String {
        (try? String(contentsOf: logURL, encoding: .utf8)) ?? ""
    }

    /// Stops the server (fast shutdown) and deletes its folder.
    public func stop() async {
        try? await PostgresCommand.run(Self.binaries.appendingPathComponent("pg_ctl").path, [
            "-D", dataPath, "-m", "fast", "-w", "stop",
        ], asServerUser: true, log: directory.appendingPathComponent("stop.log"))
        try? FileManager.default.removeItem(at: directory)
    }

    /// Stops the server at once without waiting (for process exit): `SIGQUIT` to the postmaster,
    /// then removes the folder.
    func stopImmediately() {
        let pidFile = (try? String(contentsOfFile: dataPath + "/postmaster.pid", encoding: .utf8)) ?? ""
        if let pid = pidFile.split(separator: "\n").first.flatMap({ Int32($0) }) {
            Glibc.kill(pid, SIGQUIT)
            var waited = 0
            while Glibc.kill(pid, 0) == 0, waited < 200 {
                usleep(10_000)
                waited += 1
            }
        }
        try? FileManager.default.removeItem(at: directory)
    }

    // MARK: Process

    private var dataPath: String { directory.appendingPathComponent("data").path }
    private var logURL: URL { directory.appendingPathComponent("server.log") }

    private func launch() async throws {
        let options = [
            "-p \(port)", "-k \(directory.appendingPathComponent("sock").path)", "-c listen_addresses=127.0.0.1",
            "-c fsync=off", "-c synchronous_commit=off", "-c full_page_writes=off", "-c max_connections=400",
        ] + (servesTLS ? [
            "-c ssl=on", "-c ssl_cert_file=\(directory.appendingPathComponent("server.pem").path)",
            "-c ssl_key_file=\(directory.appendingPathComponent("server.key").path)",
        ] : [])
        let joined = options.joined(separator: " ")
        do {
            try await PostgresCommand.run(Self.binaries.appendingPathComponent("pg_ctl").path, [
                "-D", dataPath, "-l", logURL.path, "-o", joined, "-w", "-t", "30", "start",
            ], asServerUser: true, log: directory.appendingPathComponent("pg_ctl.log"))
        } catch {
            throw PostgresServerError.failed("postgres did not start: \(error)\n\(log)")
        }
    }
}

/// Why a test PostgreSQL server or one of its commands failed.
public enum PostgresServerError: Error, CustomStringConvertible {
    /// A command failed; what happened and its output.
    case failed(String)

    /// The reason with the command's output.
    public var description: String {
        switch self {
        case .failed(let reason): reason
        }
    }
}

/// The process-wide server behind ``PostgresServerProcess/shared()``.
actor SharedPostgresServer {
    static let instance = SharedPostgresServer()
    /// The running server, read by the exit handler (which cannot reach the actor).
    private static let running = Mutex<PostgresServerProcess?>(nil)

    private var starting = false
    private var waiters: [CheckedContinuation<PostgresServerProcess, any Error>] = []

    func server() async throws -> PostgresServerProcess {
        if let server = Self.running.withLock({ $0 }) { return server }
        if starting {
            return try await withCheckedThrowingContinuation { waiters.append($0) }
        }
        starting = true
        let result: Result<PostgresServerProcess, any Error>
        do {
            result = .success(try await PostgresServerProcess.start())
        } catch {
            result = .failure(error)
        }
        starting = false
        if case .success(let server) = result {
            Self.running.withLock { $0 = server }
            atexit { SharedPostgresServer.stopAtExit() }
        }
        for waiter in waiters { waiter.resume(with: result) }
        waiters = []
        return try result.get()
    }

    private static func stopAtExit() {
        running.withLock { $0 }?.stopImmediately()
    }
}
