import Subprocess

/// What a short tool run printed, and how it ended.
package struct ToolOutput: Sendable {
    /// How the process ended.
    package var status: TerminationStatus
    /// Everything on stdout.
    package var standardOutput: String
    /// Everything on stderr.
    package var standardError: String
}

/// Runs short-lived tools (`--version`, ffprobe, and the speech tools of SpoolDubbing) and collects
/// their output; never through a shell.
package enum ToolRunner {
    /// Runs `program arguments…`, resolving `program` on PATH first so a missing tool gets a clear error.
    ///
    /// - Parameters:
    ///   - input: Text for stdin; nil gives the tool no stdin.
    ///   - killGrace: When set, the tool runs in its own process group that gets SIGTERM when the
    ///     calling task is cancelled, then SIGKILL after this long (``ChildProcess``).
    /// - Throws: ``MediaError`` `.toolMissing` when the program is not there or cannot be started;
    ///   `CancellationError` when the task is cancelled before the tool starts.
    package static func run(
        tool: String,
        program: String,
        arguments: [String],
        input: String? = nil,
        outputLimit: Int = 8 << 20,
        killGrace: Duration? = nil
    ) async throws -> ToolOutput {
        guard let path = ExecutableLocator.locate(program) else {
            throw MediaError.toolMissing(tool, detail: "'\(program)' was not found on PATH")
        }
        let options = killGrace.map(ChildProcess.platformOptions(killGrace:)) ?? PlatformOptions()
        // A cancelled task starts nothing (Subprocess would spawn the tool only to stop it again).
        try Task.checkCancellation()
        do {
            let result = if let input {
                try await Subprocess.run(
                    ChildProcess.executable(path), arguments: Arguments(arguments), platformOptions: options,
                    input: .string(input), output: .string(limit: outputLimit), error: .string(limit: 1 << 20)
                )
            } else {
                try await Subprocess.run(
                    ChildProcess.executable(path), arguments: Arguments(arguments), platformOptions: options,
                    output: .string(limit: outputLimit), error: .string(limit: 1 << 20)
                )
            }
            return ToolOutput(
                status: result.terminationStatus,
                standardOutput: result.standardOutput,
                standardError: result.standardError
            )
        } catch let error as SubprocessError where error.code == .executableNotFound || error.code == .spawnFailed {
            throw MediaError.toolMissing(tool, detail: "\(error)")
        }
    }
}

extension TerminationStatus {
    /// The exit code, when the process exited on its own.
    var exitCode: Int32? {
        if case .exited(let code) = self { return code }
        return nil
    }

    /// The signal that ended the process, when one did.
    var signalNumber: Int32? {
        if case .signaled(let signal) = self { return signal }
        return nil
    }
}
