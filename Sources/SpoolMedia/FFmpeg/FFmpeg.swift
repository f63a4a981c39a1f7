import Foundation
import SpoolCore
import Subprocess
import SystemPackage

/// Runs ffmpeg for Spool's long jobs (audio extraction, mixing, muxing) with live progress.
///
/// Every run is its own process group with no shell: cancelling the calling task sends SIGTERM to
/// the group, then SIGKILL after ``killGrace``. Output paths and inputs are passed with a `file:`
/// prefix by the callers, so a name is never read as an option or a protocol.
public struct FFmpeg: Sendable {
    /// The `ffmpeg` program: a name searched on PATH, or a path.
    public var executable: String
    /// How long ffmpeg gets to stop after SIGTERM before SIGKILL.
    public var killGrace: Duration
    /// The runs in flight, shared by copies of this runner.
    private let registry = ProcessRegistry()

    /// Creates a runner.
    public init(executable: String = "ffmpeg", killGrace: Duration = .seconds(2)) {
        self.executable = executable
        self.killGrace = killGrace
    }

    /// The process ids (each also a process group id) of this runner's ffmpeg processes running now.
    public var runningProcessIDs: [Int32] { registry.snapshot }

    /// The options every run starts with: no stdin, overwrite, machine progress, then the log level.
    public static func commonArguments(logLevel: String = "error") -> [String] {
        ["-hide_banner", "-nostdin", "-nostats", "-loglevel", logLevel, "-y", "-progress", "pipe:1"]
    }

    /// Runs `ffmpeg commonArguments + arguments`, calling `progress` for each `-progress` block.
    ///
    /// `logLevel` is `error` by default; `info` lets filters such as loudnorm print their reports.
    ///
    /// - Parameters:
    ///   - workingDirectory: The folder ffmpeg runs in (for relative scratch names); nil keeps ours.
    ///   - niceness: When above 0, ffmpeg's CPU priority is lowered to this `nice` value as soon as
    ///     its pid is known (`setpriority`, on every thread it has by then; later ones inherit it).
    /// - Returns: ffmpeg's stderr (errors and anything a filter printed, such as loudnorm's JSON).
    /// - Throws: ``MediaError`` `.toolMissing`, or `.toolFailed` with ffmpeg's reason
    ///   (``FFmpegErrorLine``);
    ///   `CancellationError` when the task was cancelled (the process group is gone by then).
    @discardableResult
    public func run(
        _ arguments: [String],
        logLevel: String = "error",
        workingDirectory: String? = nil,
        niceness: Int32 = 0,
        progress: @escaping @Sendable (FFmpegProgress) async -> Void = { _ in }
    ) async throws -> String {
        guard let path = ExecutableLocator.locate(executable) else {
            throw MediaError.toolMissing("ffmpeg", detail: "'\(executable)' was not found on PATH")
        }
        // A cancelled task starts nothing (Subprocess would spawn the tool only to stop it again).
        try Task.checkCancellation()
        let status: TerminationStatus
        let group: Int32
        let standardError: String
        let words = Self.commonArguments(logLevel: logLevel) + arguments
        // Under Spool's guard ffmpeg dies with the server and starts at its niceness; without it
        // (library tests), its priority is lowered once its pid is known.
        let guarded = ChildGuard.wrap(path, arguments: words, niceness: niceness)
        let lifeline = guarded == nil ? nil : Lifeline()
        let command = lifeline == nil ? (path: path, arguments: words) : guarded!
        let input = lifeline?.readEnd ?? open("/dev/null", O_RDONLY | O_CLOEXEC)
        do {
            let result = try await Subprocess.run(
                ChildProcess.executable(command.path),
                arguments: Arguments(command.arguments),
                workingDirectory: workingDirectory.map { .init($0) },
                platformOptions: ChildProcess.platformOptions(killGrace: killGrace),
                input: .fileDescriptor(FileDescriptor(rawValue: input), closeAfterSpawningProcess: true),
                output: .sequence,
                error: .sequence
            ) { execution in
                let processID = execution.processIdentifier.value
                if niceness > 0, lifeline == nil { ChildProcess.lowerPriority(of: processID, to: niceness) }
                registry.insert(processID)
                defer { registry.remove(processID) }
                async let standardError = Self.collect(execution.standardError)
                var lines = LineReader(execution.standardOutput)
                var parser = FFmpegProgressParser()
                while let line = try await lines.next() {
                    if let block = parser.consume(line) { await progress(block) }
                }
                return (processID, try await standardError)
            }
            status = result.terminationStatus
            (group, standardError) = result.closureResult
            withExtendedLifetime(lifeline) {}
        } catch let error as SubprocessError where error.code == .executableNotFound || error.code == .spawnFailed {
            throw MediaError.toolMissing("ffmpeg", detail: "\(error)")
        } catch let error as SubprocessError {
            try Task.checkCancellation()
            throw MediaError(code: .toolFailed, message: "lost contact with ffmpeg: \(error)", tool: "ffmpeg")
        }
        if ChildProcess.needsSweep(status) {
            ChildProcess.sweep(group: group)
        }
        try Task.checkCancellation()
        guard status.isSuccess else {
            let tail = OutputTail(standardError)
            let reason: String
            switch status {
            case .signaled(let signal): reason = "ffmpeg was killed by signal \(signal)"
            case .exited(let code): reason = FFmpegErrorLine.meaningful(in: standardError) ?? tail.lastLine ?? "ffmpeg exited with status \(code)"
            }
            throw MediaError(
                code: .toolFailed, message: reason, tool: "ffmpeg", stderrTail: tail.text,
                exitCode: status.exitCode, signal: status.signalNumber
            )
        }
        return standardError
    }

    /// Reads a whole (small) stream as text, keeping at most 1 MiB.
    private static func collect(_ output: SubprocessOutputSequence) async throws -> String {
        var data = Data()
        for try await buffer in output {
            if data.count < 1 << 20 {
                buffer.withUnsafeBytes { data.append(contentsOf: $0) }
            }
        }
        return String(decoding: data, as: UTF8.self)
    }

    /// `file:` + path, so ffmpeg never reads a path as a protocol (`http:`, `concat:`) or an option.
    public static func fileURL(_ path: String) -> String {
        "file:" + path
    }
}
