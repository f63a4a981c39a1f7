import Foundation

/// The warm helper (`Resources/ytdlp_helper.py`, embedded in the binary): where it is and the two
/// lines it speaks.
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

    /// The helper script: `override` when given (nil when it cannot be read), else the copy
    /// embedded in the binary, written once per content under the temporary folder
    /// (`spool-ytdlp-helper-<uid>-<size>-<hash>.py`, reused while its bytes match).
    static func locateScript(override: String?) -> String? {
        if let override {
            return FileManager.default.isReadableFile(atPath: override) ? override : nil
        }
        guard let source = Data(base64Encoded: EmbeddedHelperScript.base64, options: .ignoreUnknownCharacters) else { return nil }
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in source { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
        let folder = FileManager.default.temporaryDirectory.path
        let shared = folder + "/spool-ytdlp-helper-\(getuid())-\(source.count)-\(String(hash, radix: 16)).py"
        if FileManager.default.contents(atPath: shared) == source, isOwned(shared) { return shared }
        let own = folder + "/spool-ytdlp-helper-\(UUID().uuidString).py"
        guard (try? source.write(to: URL(fileURLWithPath: own))) != nil else { return nil }
        _ = try? FileManager.default.moveItem(atPath: own, toPath: shared)
        if FileManager.default.contents(atPath: shared) == source, isOwned(shared) {
            // Ours, or another process's identical copy that got there first.
            try? FileManager.default.removeItem(atPath: own)
            return shared
        }
        // The shared name is taken by something else: use our own copy.
        return own
    }

    /// Whether this user owns the file (a file someone else put there is never run).
    private static func isOwned(_ path: String) -> Bool {
        let owner = (try? FileManager.default.attributesOfItem(atPath: path))?[.ownerAccountID] as? NSNumber
        return owner?.uint32Value == getuid()
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
