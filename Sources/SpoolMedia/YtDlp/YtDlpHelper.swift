import Foundation
import SpoolEmbedded

/// The warm helper (`Resources/ytdlp_helper.py`, embedded in the binary): where it is and the lines
/// it speaks, as one spare (a ready line, then one job line) or as the fork server (see ``ForkServer``).
enum YtDlpHelper {
    /// The resource file name.
    static let scriptName = "ytdlp_helper.py"

    /// How to start a helper: the interpreter, the script, and the yt-dlp it stands in for.
    struct Launch: Sendable, Hashable {
        /// The interpreter program.
        var python: String
        /// The interpreter's fixed arguments (from a `#!` line).
        var pythonArguments: [String] = []
        /// Absolute path of `ytdlp_helper.py`.
        var script: String
        /// The `yt-dlp` executable (lets the helper import a standalone zipapp build).
        var ytDlpExecutable: String

        /// The helper's arguments.
        var arguments: [String] { arguments(forkServer: false) }

        /// The helper's arguments, as one spare (one job) or as the fork server.
        func arguments(forkServer: Bool) -> [String] {
            pythonArguments + [script] + (forkServer ? ["--fork-server"] : []) + [ytDlpExecutable]
        }
    }

    /// The helper script: `override` when given (nil when it cannot be read), else the copy
    /// embedded in the binary (written out once by ``EmbeddedFiles``).
    static func locateScript(override: String?) -> String? {
        if let override {
            return FileManager.default.isReadableFile(atPath: override) ? override : nil
        }
        return try? EmbeddedFiles.helperScript()
    }

    /// Whether the helper's first stdout line says it imported yt_dlp and is waiting for a job.
    static func isReadyLine(_ line: String) -> Bool {
        guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else {
            return false
        }
        return object["spoolHelper"] as? String == "ready"
    }

    /// The job line: `{"argv":[…],"cwd":"…"}` (with `"id"` for the fork server) and a newline.
    static func jobLine(arguments: [String], workDirectory: String, id: String? = nil) throws -> String {
        struct Job: Encodable {
            var id: String?
            var argv: [String]
            var cwd: String
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        let data = try encoder.encode(Job(id: id, argv: arguments, cwd: workDirectory))
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}
