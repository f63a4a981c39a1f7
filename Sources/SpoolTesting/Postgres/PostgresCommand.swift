import Foundation
import Subprocess

/// Runs the PostgreSQL command-line tools for ``PostgresServerProcess``.
enum PostgresCommand {
    /// Whether this process runs as root (then server commands run as `postgres`).
    static var isRoot: Bool { getuid() == 0 }

    /// Gives `directory` to the `postgres` user when running as root (initdb and the server run as
    /// that user and must own their folders).
    static func handOver(_ directory: URL) async throws {
        guard isRoot else { return }
        try await run("/bin/chown", ["-R", "postgres:postgres", directory.path], asServerUser: false, log: nil)
    }

    /// Runs `executable` with `arguments` and waits for it; output goes to `log` (or is dropped).
    ///
    /// - Parameter asServerUser: run as the `postgres` user (through `runuser`) when root.
    /// - Throws: ``PostgresServerError/failed(_:)`` with the output when it exits non-zero.
    static func run(_ executable: String, _ arguments: [String], asServerUser: Bool, log: URL?) async throws {
        let program: String
        let fullArguments: [String]
        if asServerUser, isRoot {
            program = "/usr/sbin/runuser"
            fullArguments = ["-u", "postgres", "--", executable] + arguments
        } else {
            program = executable
            fullArguments = arguments
        }
        let name = URL(fileURLWithPath: executable).lastPathComponent
        // Subprocess, not Foundation's Process: with both in one process, Foundation's termination
        // handler was seen never to fire (the child stayed a zombie). pg_ctl starts a server that
        // outlives it and would hold any pipe of ours open, so its output is dropped (the server
        // logs to the file given with -l); the other tools exit and their output is kept.
        let status: TerminationStatus
        let text: String
        if name == "pg_ctl" {
            let result = try await Subprocess.run(
                .path(.init(program)), arguments: Arguments(fullArguments),
                workingDirectory: .init("/tmp"), input: .none, output: .discarded, error: .discarded
            )
            status = result.terminationStatus
            text = log.flatMap { try? String(contentsOf: $0, encoding: .utf8) } ?? ""
        } else {
            let result = try await Subprocess.run(
                .path(.init(program)), arguments: Arguments(fullArguments),
                workingDirectory: .init("/tmp"), input: .none, output: .string(limit: 1 << 20), error: .string(limit: 1 << 20)
            )
            status = result.terminationStatus
            text = result.standardOutput + result.standardError
        }
        guard status.isSuccess else {
            throw PostgresServerError.failed("\(name) exited with \(status):\n\(text)")
        }
    }
}
