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
    static func run(_ script: URL, arguments: [String]) async throws -> Run {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script.path] + arguments
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        async let stdout = Task.detached { try out.fileHandleForReading.readToEnd() ?? Data() }.value
        async let stderr = Task.detached { try err.fileHandleForReading.readToEnd() ?? Data() }.value
        let (output, errors) = try await (stdout, stderr)
        process.waitUntilExit()
        return Run(status: process.terminationStatus, stdout: String(decoding: output, as: UTF8.self), stderr: String(decoding: errors, as: UTF8.self))
    }
}
