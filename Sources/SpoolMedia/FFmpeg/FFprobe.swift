import Foundation

/// Runs ffprobe on local files.
public struct FFprobe: Sendable {
    /// The `ffprobe` program: a name searched on PATH, or a path.
    public var executable: String

    /// Creates a prober.
    public init(executable: String = "ffprobe") {
        self.executable = executable
    }

    /// Format and streams of the file at `path`.
    ///
    /// The path goes after `--` with a `file:` prefix, so a name starting with `-` or holding a `:` is
    /// never read as an option or a protocol.
    ///
    /// - Throws: ``MediaError`` `.toolMissing`, or `.toolFailed` with ffprobe's message (missing file,
    ///   not media).
    public func probe(_ path: String) async throws -> ProbeResult {
        let output = try await ToolRunner.run(tool: "ffprobe", program: executable, arguments: Self.arguments(for: path))
        let tail = OutputTail(output.standardError)
        guard output.status.isSuccess else {
            throw MediaError(
                code: .toolFailed, message: tail.lastLine ?? "ffprobe failed (\(output.status))", tool: "ffprobe",
                stderrTail: tail.text, exitCode: output.status.exitCode, signal: output.status.signalNumber
            )
        }
        do {
            return try ProbeResult(json: Data(output.standardOutput.utf8))
        } catch {
            throw MediaError(code: .toolFailed, message: "ffprobe printed unreadable JSON", tool: "ffprobe", stderrTail: tail.text)
        }
    }

    /// ffprobe's arguments for `path`.
    static func arguments(for path: String) -> [String] {
        ["-v", "error", "-print_format", "json", "-show_format", "-show_streams", "--", "file:" + path]
    }
}
