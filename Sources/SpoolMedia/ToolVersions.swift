import Foundation

/// Versions of the media tools, for `/healthz` and `spool doctor`.
public struct ToolVersions: Sendable, Hashable {
    /// What was found for one tool.
    public enum Status: Sendable, Hashable {
        /// Installed; `version` as the tool reports it.
        case available(version: String)
        /// Not found on PATH (or not executable).
        case missing(reason: String)
        /// Found, but asking for its version failed.
        case failed(reason: String)

        /// The version, when the tool is available.
        public var version: String? {
            if case .available(let version) = self { return version }
            return nil
        }

        /// Whether the tool can be used.
        public var isAvailable: Bool { version != nil }

        /// `ok`, `missing` or `error`, for health reports.
        public var label: String {
            switch self {
            case .available: "ok"
            case .missing: "missing"
            case .failed: "error"
            }
        }
    }

    /// yt-dlp.
    public var ytDlp: Status
    /// ffmpeg.
    public var ffmpeg: Status
    /// ffprobe.
    public var ffprobe: Status

    /// Creates a report.
    public init(ytDlp: Status, ffmpeg: Status, ffprobe: Status) {
        self.ytDlp = ytDlp
        self.ffmpeg = ffmpeg
        self.ffprobe = ffprobe
    }

    /// Whether every tool is available.
    public var allAvailable: Bool { ytDlp.isAvailable && ffmpeg.isAvailable && ffprobe.isAvailable }

    /// Asks the three tools for their versions, concurrently.
    public static func detect(ytDlp: String = "yt-dlp", ffmpeg: String = "ffmpeg", ffprobe: String = "ffprobe") async -> ToolVersions {
        async let ytDlpStatus = status(tool: "yt-dlp", program: ytDlp, arguments: ["--version"], parse: firstLine)
        async let ffmpegStatus = status(tool: "ffmpeg", program: ffmpeg, arguments: ["-version"], parse: ffmpegVersion)
        async let ffprobeStatus = status(tool: "ffprobe", program: ffprobe, arguments: ["-version"], parse: ffmpegVersion)
        return await ToolVersions(ytDlp: ytDlpStatus, ffmpeg: ffmpegStatus, ffprobe: ffprobeStatus)
    }

    /// `ffmpeg version 5.1.9-0+deb12u1 Copyright …` → `5.1.9-0+deb12u1`.
    static func ffmpegVersion(_ output: String) -> String? {
        guard let line = firstLine(output) else { return nil }
        let words = line.split(separator: " ")
        guard words.count >= 3, words[1] == "version" else { return line }
        return String(words[2])
    }

    static func firstLine(_ output: String) -> String? {
        output.split(whereSeparator: \.isNewline).first.map { $0.trimmingCharacters(in: .whitespaces) }
            .flatMap { $0.isEmpty ? nil : $0 }
    }

    private static func status(
        tool: String, program: String, arguments: [String], parse: (String) -> String?
    ) async -> Status {
        do {
            let output = try await ToolRunner.run(tool: tool, program: program, arguments: arguments, outputLimit: 1 << 20)
            if output.status.isSuccess, let version = parse(output.standardOutput) {
                return .available(version: version)
            }
            let reason = OutputTail(output.standardError).lastLine ?? "\(program) \(arguments.joined(separator: " ")) ended with \(output.status)"
            return .failed(reason: reason)
        } catch let error as MediaError where error.code == .toolMissing {
            return .missing(reason: error.message)
        } catch {
            return .failed(reason: "\(error)")
        }
    }
}
