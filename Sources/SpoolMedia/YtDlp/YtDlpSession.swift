import Foundation
import Subprocess
import Synchronization

/// One yt-dlp run's output: turns its lines into ``YtDlpEvent``s and keeps what the result needs.
///
/// stdout carries the progress template's JSON lines and the final result line; stderr carries
/// warnings, errors and post-processing steps. A run whose stdout is its product (a listing's
/// `--dump-json` lines) hands every stdout line to an output-line handler instead.
final class YtDlpSession: Sendable {
    /// Receives events.
    typealias EventHandler = @Sendable (YtDlpEvent) async -> Void
    /// Receives stdout lines as they are; the next line is read once it returns (so a slow
    /// handler holds yt-dlp back on a full pipe).
    typealias OutputLineHandler = @Sendable (String) async -> Void

    /// What the run left behind.
    struct Summary: Sendable {
        /// The final file, from the result line.
        var filePath: String?
        /// The info JSON, from the result line.
        var infoJSONPath: String?
        /// The `ERROR:` line and the tail of stderr.
        var standardError = YtDlpStderr()
    }

    private let handler: Mutex<EventHandler?>
    private let outputLineHandler: OutputLineHandler?
    private let summary = Mutex(Summary())

    /// Creates a session; events before ``attach(_:)`` are dropped (stderr is still recorded).
    ///
    /// - Parameter onOutputLine: When given, every stdout line goes there and none is read as
    ///   progress or result.
    init(onEvent: EventHandler? = nil, onOutputLine: OutputLineHandler? = nil) {
        handler = Mutex(onEvent)
        outputLineHandler = onOutputLine
    }

    /// Starts delivering events to `onEvent`.
    func attach(_ onEvent: @escaping EventHandler) {
        handler.withLock { $0 = onEvent }
    }

    /// What has been collected so far.
    var snapshot: Summary {
        summary.withLock { $0 }
    }

    /// Reads both pipes of a spawned process to their end (or until the task is cancelled).
    func pump(standardOutput: SubprocessOutputSequence, standardError: SubprocessOutputSequence) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await self.drain(standardError) }
            var lines = LineReader(standardOutput)
            try await readStandardOutput(&lines)
            try await group.waitForAll()
        }
    }

    /// Reads both pipes of a forked child to their end (or until the task is cancelled).
    func pump(output: PipeReader, errors: PipeReader) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                var lines = LineReader(errors)
                try await self.readStandardError(&lines)
            }
            var lines = LineReader(output)
            try await readStandardOutput(&lines)
            try await group.waitForAll()
        }
    }

    /// Reads stderr to its end.
    func drain(_ standardError: SubprocessOutputSequence) async throws {
        var lines = LineReader(standardError)
        try await readStandardError(&lines)
    }

    private func readStandardOutput<Chunks>(_ lines: inout LineReader<Chunks>) async throws {
        while let line = try await lines.next() {
            await handleStandardOutput(line)
        }
    }

    private func readStandardError<Chunks>(_ lines: inout LineReader<Chunks>) async throws {
        while let line = try await lines.next() {
            await handleStandardError(line)
        }
    }

    /// One stdout line: progress, the result, or anything else as a log line.
    func handleStandardOutput(_ line: String) async {
        if let outputLineHandler {
            await outputLineHandler(line)
        } else if let progress = DownloadProgress(templateLine: line) {
            await emit(.progress(progress))
        } else if let result = ResultLine(line) {
            summary.withLock {
                $0.filePath = result.filepath
                $0.infoJSONPath = result.infojson
            }
        } else if let text = Self.visibleText(line) {
            await emit(.log(text))
        }
    }

    /// One stderr line: a post-processing step, or a warning/error kept in the tail and logged.
    func handleStandardError(_ line: String) async {
        if let step = PostprocessLine(line) {
            if step.st == "started", let name = step.pp {
                await emit(.log("Post-processing: \(name)"))
            }
            return
        }
        guard let text = Self.visibleText(line) else { return }
        summary.withLock { $0.standardError.consume(text) }
        await emit(.log(text))
    }

    private func emit(_ event: YtDlpEvent) async {
        guard let handler = handler.withLock({ $0 }) else { return }
        await handler(event)
    }

    private static func visibleText(_ line: String) -> String? {
        let text = line.trimmingCharacters(in: .whitespacesAndNewlines)
        return text.isEmpty ? nil : text
    }
}

/// ``YtDlpArguments/resultTemplate``'s line.
private struct ResultLine: Decodable {
    var filepath: String
    var infojson: String?

    init?(_ line: String) {
        guard line.hasPrefix("{\"filepath\""),
              let decoded = try? JSONDecoder().decode(Self.self, from: Data(line.utf8)),
              decoded.filepath.hasPrefix("/")
        else { return nil }
        self = decoded
    }
}

/// ``YtDlpArguments/postprocessTemplate``'s line.
private struct PostprocessLine: Decodable {
    var pp: String?
    var st: String?

    init?(_ line: String) {
        guard line.hasPrefix("{\"pp\""), let decoded = try? JSONDecoder().decode(Self.self, from: Data(line.utf8)) else {
            return nil
        }
        self = decoded
    }
}
