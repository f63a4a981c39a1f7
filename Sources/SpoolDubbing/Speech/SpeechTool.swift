import Foundation
import SpoolCore
import SpoolMedia

/// Runs the short-lived programs speech is made with (espeak-ng, piper, ffmpeg) through SpoolMedia's
/// ``ToolRunner``: never through a shell, each in its own process group that gets SIGTERM (then
/// SIGKILL) when the calling task is cancelled.
enum SpeechTool {
    /// The path of `program`: a path containing `/` as is, a bare name searched on `PATH`; nil when absent.
    static func locate(_ program: String, path: String? = ProcessInfo.processInfo.environment["PATH"]) -> String? {
        ExecutableLocator.locate(program, path: path)
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
        let result: ToolOutput
        do {
            result = try await ToolRunner.run(
                tool: tool, program: program, arguments: arguments, input: input, outputLimit: 4 << 20, killGrace: .seconds(2)
            )
        } catch let error as MediaError {
            throw error.spoolError
        }
        try Task.checkCancellation()
        guard result.status.isSuccess else {
            let reason = result.standardError.split(separator: "\n").last { !$0.allSatisfy(\.isWhitespace) }
            throw SpoolError(.dubbingFailed, "\(tool) failed (\(result.status)): \(reason ?? "no message")")
        }
        return result.standardOutput
    }
}
