import Foundation

/// Runs a program to its end and collects what it printed: the `spool` client, transmission-remote,
/// curl, the Python helper scripts, schemathesis.
///
/// Output goes to temporary files and the exit is awaited through the termination handler, so no
/// thread of the cooperative pool blocks meanwhile (servers of the same test process, such as the
/// media server, need them).
public enum ChildRun {
    /// A finished run.
    public struct Result: Sendable {
        /// The exit status.
        public let status: Int32
        /// Standard output; with `mergingOutput`, standard error too, interleaved as written.
        public let stdout: String
        /// Standard error; empty with `mergingOutput`.
        public let stderr: String

        /// Everything the program printed.
        public var output: String { stdout + stderr }
    }

    /// Runs `executable` with `arguments` and waits for it to exit.
    ///
    /// - Parameters:
    ///   - environment: Changes to this process's environment: a value sets a variable, nil removes it.
    ///   - directory: The working directory; nil keeps this process's.
    ///   - mergingOutput: Whether standard error goes to the same place as standard output.
    public static func run(
        _ executable: String, _ arguments: [String], environment: [String: String?] = [:], directory: URL? = nil, mergingOutput: Bool = true
    ) async throws -> Result {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("spool-child-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("stdout")
        let err = folder.appendingPathComponent("stderr")
        FileManager.default.createFile(atPath: out.path, contents: nil)
        FileManager.default.createFile(atPath: err.path, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        var variables = ProcessInfo.processInfo.environment
        for (name, value) in environment {
            variables[name] = value
        }
        process.environment = variables
        if let directory { process.currentDirectoryURL = directory }
        let output = try FileHandle(forWritingTo: out)
        process.standardOutput = output
        process.standardError = mergingOutput ? output : try FileHandle(forWritingTo: err)
        let status = try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Int32, any Error>) in
            process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
            do {
                try process.run()
            } catch {
                process.terminationHandler = nil
                continuation.resume(throwing: error)
            }
        }
        return Result(
            status: status, stdout: String(decoding: try Data(contentsOf: out), as: UTF8.self),
            stderr: String(decoding: try Data(contentsOf: err), as: UTF8.self)
        )
    }

    /// Runs a Python helper script with the `python3` found on PATH (scripts/test.sh puts its venv
    /// first), its standard error kept apart.
    public static func python(_ script: URL, arguments: [String]) async throws -> Result {
        try await run("/usr/bin/env", ["python3", script.path] + arguments, mergingOutput: false)
    }
}
