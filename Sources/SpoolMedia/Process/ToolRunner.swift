import Subprocess

/// What a short tool run printed, and how it ended.
struct ToolOutput: Sendable {
    /// How the process ended.
    var status: TerminationStatus
    /// Everything on stdout.
    var standardOutput: String
    /// Everything on stderr.
    var standardError: String
}

/// Runs short-lived tools (`--version`, ffprobe) and collects their output.
enum ToolRunner {
    /// Runs `program arguments…`, resolving `program` on PATH first so a missing tool gets a clear error.
    ///
    /// - Throws: ``MediaError`` `.toolMissing` when the program is not there or cannot be started.
    static func run(
        tool: String,
        program: String,
        arguments: [String],
        outputLimit: Int = 8 << 20
    ) async throws -> ToolOutput {
        guard let path = ExecutableLocator.locate(program) else {
            throw MediaError.toolMissing(tool, detail: "'\(program)' was not found on PATH")
        }
        do {
            let result = try await Subprocess.run(
                ChildProcess.executable(path),
                arguments: Arguments(arguments),
                output: .string(limit: outputLimit),
                error: .string(limit: 1 << 20)
            )
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
