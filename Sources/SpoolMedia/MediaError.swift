import SpoolCore

/// A failed media tool run: a stable code, the tool's own explanation and the end of its stderr.
public struct MediaError: Error, Sendable, Hashable, CustomStringConvertible, SpoolErrorConvertible {
    /// `.downloadFailed` (the source could not be fetched), `.toolFailed` (the tool broke or was
    /// misused), `.toolMissing` (not installed), or `.outputEscapesLibrary`.
    public var code: SpoolError.Code
    /// One line safe to show a user, e.g. yt-dlp's `ERROR:` line.
    public var message: String
    /// Which tool: `yt-dlp`, `ffprobe`, `ffmpeg`.
    public var tool: String
    /// The last ≤ 4 KiB of the tool's stderr.
    public var stderrTail: String
    /// The exit status, when the tool exited on its own.
    public var exitCode: Int32?
    /// The signal that ended the tool, when one did.
    public var signal: Int32?

    /// Creates an error.
    public init(
        code: SpoolError.Code, message: String, tool: String,
        stderrTail: String = "", exitCode: Int32? = nil, signal: Int32? = nil
    ) {
        self.code = code
        self.message = message
        self.tool = tool
        self.stderrTail = stderrTail
        self.exitCode = exitCode
        self.signal = signal
    }

    /// The domain error carried to the job and the API (code and message only).
    public var spoolError: SpoolError { SpoolError(code, message) }

    /// `code: message`.
    public var description: String { "\(code.rawValue): \(message)" }

    /// The tool could not be found or started.
    public static func toolMissing(_ tool: String, detail: String) -> MediaError {
        MediaError(code: .toolMissing, message: "\(tool) is not installed or not executable (\(detail))", tool: tool)
    }

    /// Runs `body`, turning a ``MediaError`` it throws into its ``SpoolError`` (what adapters behind
    /// SpoolCore's ports throw); other errors, cancellation among them, pass through.
    static func mapped<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as MediaError {
            throw error.spoolError
        }
    }
}
