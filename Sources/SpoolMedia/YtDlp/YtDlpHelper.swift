import Foundation

/// The warm helper (`Resources/ytdlp_helper.py`): where it is and the two lines it speaks.
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
        var arguments: [String] { pythonArguments + [script, ytDlpExecutable] }
    }

    /// The helper script shipped in SpoolMedia's resource bundle, found without trapping when the
    /// bundle is absent (a binary copied without its `Spool_SpoolMedia.resources` folder).
    static func locateScript(override: String?) -> String? {
        if let override {
            return FileManager.default.isReadableFile(atPath: override) ? override : nil
        }
        var folders = [Bundle.main.bundleURL]
        if let executable = Bundle.main.executableURL {
            folders.append(executable.resolvingSymlinksInPath().deletingLastPathComponent())
        }
        // SwiftPM names the bundle `.resources` on Linux and `.bundle` (with Contents/Resources) on macOS.
        let bundles = ["Spool_SpoolMedia.resources", "Spool_SpoolMedia.bundle/Contents/Resources", "Spool_SpoolMedia.bundle"]
        return folders
            .flatMap { folder in bundles.map { folder.appendingPathComponent($0).appendingPathComponent(scriptName).path } }
            .first { FileManager.default.isReadableFile(atPath: $0) }
    }

    /// Whether the helper's first stdout line says it imported yt_dlp and is waiting for a job.
    static func isReadyLine(_ line: String) -> Bool {
        guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else {
            return false
        }
        return object["spoolHelper"] as? String == "ready"
    }

    /// The job line: `{"argv":[…],"cwd":"…"}` and a newline.
    static func jobLine(arguments: [String], workDirectory: String) throws -> String {
        struct Job: Encodable {
            var argv: [String]
            var cwd: String
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        let data = try encoder.encode(Job(argv: arguments, cwd: workDirectory))
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}
