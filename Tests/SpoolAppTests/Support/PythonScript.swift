import Foundation

/// Runs a Python helper script with the `python3` found on PATH (scripts/test.sh puts its venv,
/// with python-socketio, first) and collects what it printed.
enum PythonScript {
    /// A finished run.
    struct Run: Sendable {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    /// Runs `script` with `arguments` and waits for it to exit.
    ///
    /// Output goes to temporary files and the exit is awaited through the termination handler, so
    /// no thread of the cooperative pool blocks meanwhile (servers of the same test process, such as
    /// the media server, need them).
    static func run(_ script: URL, arguments: [String]) async throws -> Run {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("spool-python-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("stdout")
        let err = folder.appendingPathComponent("stderr")
        FileManager.default.createFile(atPath: out.path, contents: nil)
        FileManager.default.createFile(atPath: err.path, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script.path] + arguments
        process.standardOutput = try FileHandle(forWritingTo: out)
        process.standardError = try FileHandle(forWritingTo: err)
        let status = try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Int32, any Error>) in
            process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
            do {
                try process.run()
            } catch {
                process.terminationHandler = nil
                continuation.resume(throwing: error)
            }
        }
        return Run(status: status, stdout: try String(contentsOf: out, encoding: .utf8), stderr: try String(contentsOf: err, encoding: .utf8))
    }
}
