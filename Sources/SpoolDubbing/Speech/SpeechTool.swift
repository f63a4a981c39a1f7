import Foundation
import SpoolCore
import Subprocess

/// Runs the short-lived programs speech is made with (espeak-ng, piper, ffmpeg): never through a shell,
/// each in its own process group that gets SIGTERM (then SIGKILL) when the calling task is cancelled.
enum SpeechTool {
    /// The path of `program`: a path containing `/` as is, a bare name searched on `PATH`; nil when absent.
    static func locate(_ program: String, path: String? = ProcessInfo.processInfo.environment["PATH"]) -> String? {
        guard !program.isEmpty else { return nil }
        if program.contains("/") { return isExecutable(program) ? program : nil }
        let folders = (path ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":").filter { $0.hasPrefix("/") }
        return folders.lazy.map { "\($0)/\(program)" }.first(where: isExecutable)
    }

    /// Runs `program arguments…` with `input` on stdin and returns its stdout.
    ///
    /// - Parameters:
    ///   - tool: The name used in messages (`espeak-ng`).
    ///   - program: A name on PATH or a path.
    /// - Throws: ``SpoolError`` `.toolMissing` when the program is not there, `.dubbingFailed` with the last
    ///   line of its stderr when it fails, `CancellationError` when the task was cancelled.
    @discardableResult
    static func run(tool: String, program: String, arguments: [String], input: String = "") async throws -> String {
        guard let path = locate(program) else {
            throw SpoolError(.toolMissing, "\(tool) is not installed ('\(program)' was not found on PATH)")
        }
        do {
            let result = try await Subprocess.run(
                .path(.init(path)),
                arguments: Arguments(arguments),
                platformOptions: platformOptions,
                input: .string(input),
                output: .string(limit: 4 << 20),
                error: .string(limit: 1 << 20)
            )
            try Task.checkCancellation()
            guard result.terminationStatus.isSuccess else {
                let reason = result.standardError.split(separator: "\n").last { !$0.allSatisfy(\.isWhitespace) }
                throw SpoolError(.dubbingFailed, "\(tool) failed (\(result.terminationStatus)): \(reason ?? "no message")")
            }
            return result.standardOutput
        } catch let error as SubprocessError where error.code == .executableNotFound || error.code == .spawnFailed {
            throw SpoolError(.toolMissing, "\(tool) could not be started (\(error))")
        }
    }

    /// A new process group led by the child; cancellation sends SIGTERM to the group, SIGKILL after 2 s.
    private static var platformOptions: PlatformOptions {
        var options = PlatformOptions()
        options.processGroupID = 0
        options.teardownSequence = [.send(signal: .terminate, toProcessGroup: true, allowedDurationToNextStep: .seconds(2))]
        return options
    }

    private static func isExecutable(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && !isDirectory.boolValue
            && FileManager.default.isExecutableFile(atPath: path)
    }
}
