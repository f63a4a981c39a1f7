import Foundation
import SpoolCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// ``MediaTranscoder`` on ffmpeg: probes the source, runs the passes ``TranscodeArguments`` builds
/// at a lowered CPU priority, and maps ``MediaError`` to ``SpoolError``.
///
/// The result is written to `<output>.partial.<ext>` beside the output and renamed only when ffmpeg
/// finished, so a half-written file is never taken for a result; on failure or cancellation the
/// partial file and the two-pass logs are removed (cancelling the task kills ffmpeg's process group).
public struct FFmpegTranscoder: MediaTranscoder {
    /// The ffmpeg runner.
    public let ffmpeg: FFmpeg
    /// The ffprobe runner (the source's streams decide the mapping and pixel format).
    public let ffprobe: FFprobe
    /// The `nice` value ffmpeg runs at (10 by default, so downloads get the CPU first; 0 leaves
    /// ffmpeg at this process's priority). Threads ffmpeg starts inherit it.
    public var niceness: Int32

    /// Creates the adapter.
    public init(_ ffmpeg: FFmpeg = FFmpeg(), ffprobe: FFprobe = FFprobe(), niceness: Int32 = 10) {
        self.ffmpeg = ffmpeg
        self.ffprobe = ffprobe
        self.niceness = niceness
    }

    /// The ffmpeg processes running now (process ids, each its own process group).
    public var runningProcessIDs: [Int32] { ffmpeg.runningProcessIDs }

    /// The temporary name ffmpeg writes: `<output>.partial.<mkv|mp4>`, in the output's folder.
    public static func partialPath(for output: String, container: OutputContainer) -> String {
        "\(output).partial.\(container.rawValue)"
    }

    /// Encodes `request` (see ``TranscodeArguments``), reporting 0…100 over every pass; returns
    /// the ffmpeg command lines it ran, shell-quoted.
    ///
    /// - Throws: `invalid_input` for a `skip` plan; `tool_failed` with ffmpeg's reason;
    ///   `tool_missing`; `storage_error` when the result cannot be renamed into place;
    ///   `CancellationError` when the task is cancelled (ffmpeg is gone and nothing is left behind).
    @discardableResult
    public func transcode(_ request: TranscodeRequest, progress: @escaping @Sendable (TranscodeProgress) async -> Void) async throws -> [String] {
        guard request.plan.mode != .skip else {
            throw SpoolError(.invalidInput, "the plan skips this file (\(request.plan.reasons.joined(separator: "; "))); there is nothing to transcode")
        }
        var request = request
        request.source = Self.absolute(request.source)
        request.output = Self.absolute(request.output)
        request.workDirectory = Self.absolute(request.workDirectory)
        let source = try await MediaError.mapped { try await ffprobe.probe(request.source) }
        let partial = Self.partialPath(for: request.output, container: request.plan.container)
        let passes = TranscodeArguments(request: request, source: source, output: partial).passes
        let duration = request.duration ?? source.duration ?? 0
        defer { Self.removePassLogs(in: request.workDirectory) }
        do {
            try await MediaError.mapped {
                for (number, pass) in passes.enumerated() {
                    try await run(pass, duration: duration, passesLeft: passes.count - number - 1, progress: progress)
                }
            }
            guard rename(partial, request.output) == 0 else {
                let reason = String(cString: strerror(errno))
                throw SpoolError(.storage, "could not move the transcoded file into place: \(reason)")
            }
        } catch {
            unlink(partial)
            throw error
        }
        await progress(TranscodeProgress(percent: 100, eta: 0))
        return passes.map { pass in
            let words = [ffmpeg.executable] + FFmpeg.commonArguments() + pass.arguments
            let line = words.map(ShellWords.quote).joined(separator: " ")
            return pass.workingDirectory.map { "cd \(ShellWords.quote($0)) && \(line)" } ?? line
        }
    }

    /// One ffmpeg run, its progress scaled into the pass's share.
    private func run(
        _ pass: TranscodeArguments.Pass, duration: Double, passesLeft: Int,
        progress: @escaping @Sendable (TranscodeProgress) async -> Void
    ) async throws {
        let range = pass.progressRange
        try await ffmpeg.run(pass.arguments, workingDirectory: pass.workingDirectory, niceness: niceness) { block in
            let share = block.percent(ofDuration: duration).map { range.lowerBound + $0 / 100 * (range.upperBound - range.lowerBound) }
            let speed = block.speed.flatMap { $0 > 0 ? $0 : nil }
            let eta: Double? = speed.flatMap { speed in
                guard duration > 0, let done = block.outTime else { return nil }
                return (max(duration - done, 0) + Double(passesLeft) * duration) / speed
            }
            await progress(TranscodeProgress(percent: share, fps: block.fps.flatMap { $0 > 0 ? $0 : nil }, speed: speed, eta: eta))
        }
    }

    /// See ``FFmpeg/measureQuality(reference:encoded:metric:sampleSeconds:niceness:)``.
    public func measureQuality(reference: String, encoded: String, metric: QualityMetric, sampleSeconds: Double) async throws -> Double {
        try await MediaError.mapped {
            try await ffmpeg.measureQuality(reference: reference, encoded: encoded, metric: metric, sampleSeconds: sampleSeconds, niceness: niceness)
        }
    }

    /// See ``FFmpeg/checkDecodes(_:niceness:)``.
    public func checkDecodes(_ path: String) async throws {
        try await MediaError.mapped { try await ffmpeg.checkDecodes(path, niceness: niceness) }
    }

    /// Removes the two-pass logs (`spool-pass…`) from the work folder.
    static func removePassLogs(in folder: String) {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        for name in names where name.hasPrefix(TranscodeArguments.passLogName) {
            unlink(folder + "/" + name)
        }
    }

    /// `path` made absolute against the current folder (two-pass x265 runs in the work folder).
    static func absolute(_ path: String) -> String {
        path.hasPrefix("/") ? path : URL(fileURLWithPath: path).standardizedFileURL.path
    }
}
