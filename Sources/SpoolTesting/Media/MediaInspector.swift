import Foundation
import Subprocess

/// Looks inside media files with ffprobe and ffmpeg, for tests that check what Spool wrote.
public enum MediaInspector {
    /// One stream as ffprobe reports it.
    public struct StreamInfo: Sendable, Hashable {
        /// `video`, `audio`, `subtitle`, `attachment`.
        public var codecType: String
        /// Codec name (`h264`, `aac`).
        public var codecName: String?
        /// The `language` tag.
        public var language: String?
        /// The `title` tag (MP4: the handler name).
        public var title: String?
        /// Whether the stream has the `default` disposition.
        public var isDefault: Bool
        /// Picture height (video).
        public var height: Int?
    }

    /// The file's streams in order.
    public static func streams(of path: String) async throws -> [StreamInfo] {
        let output = try await run("ffprobe", ["-v", "error", "-print_format", "json", "-show_streams", "--", "file:" + path])
        guard let object = try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any],
              let streams = object["streams"] as? [[String: Any]]
        else { throw TestMediaError("ffprobe printed no streams for \(path)") }
        return streams.map { stream in
            let tags = (stream["tags"] as? [String: Any] ?? [:]).reduce(into: [String: String]()) { result, pair in
                result[pair.key.lowercased()] = pair.value as? String
            }
            let disposition = stream["disposition"] as? [String: Any] ?? [:]
            return StreamInfo(
                codecType: stream["codec_type"] as? String ?? "",
                codecName: stream["codec_name"] as? String,
                language: tags["language"],
                title: tags["title"] ?? tags["handler_name"],
                isDefault: (disposition["default"] as? Int) == 1,
                height: stream["height"] as? Int
            )
        }
    }

    /// `size,md5` of every packet of the first video stream, from `ffmpeg -f framemd5` (timestamps
    /// are left out: their time base differs between containers while the packets are the same).
    public static func videoFrameHashes(of path: String) async throws -> [String] {
        let output = try await run("ffmpeg", ["-hide_banner", "-nostdin", "-loglevel", "error", "-i", "file:" + path, "-map", "0:v:0", "-c", "copy", "-f", "framemd5", "-"])
        return output.split(separator: "\n").filter { !$0.hasPrefix("#") }.map { line in
            line.split(separator: ",").suffix(2).map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: ",")
        }
    }

    /// Integrated loudness (EBU R128, LUFS) of one audio stream (`a:1`).
    public static func integratedLoudness(of path: String, stream: String) async throws -> Double {
        let output = try await run("ffmpeg", ["-hide_banner", "-nostdin", "-nostats", "-i", "file:" + path, "-map", "0:\(stream)", "-af", "ebur128", "-f", "null", "-"], stderr: true)
        guard let summary = output.range(of: "Summary:", options: .backwards),
              let line = output[summary.upperBound...].split(separator: "\n").first(where: { $0.contains("I:") && $0.contains("LUFS") }),
              let value = line.split(separator: " ").compactMap({ Double($0) }).first
        else { throw TestMediaError("no ebur128 summary for \(path) \(stream)") }
        return value
    }

    /// Where a stream's last packet ends, in seconds (its real length, whatever the container claims).
    public static func streamEnd(of path: String, stream: String) async throws -> Double {
        let output = try await run("ffprobe", [
            "-v", "error", "-select_streams", stream, "-show_entries", "packet=pts_time,duration_time",
            "-of", "csv=p=0", "--", "file:" + path,
        ])
        var end = 0.0
        for line in output.split(separator: "\n") {
            let fields = line.split(separator: ",").map { Double($0) }
            if fields.count >= 2, let pts = fields[0], let duration = fields[1] { end = max(end, pts + duration) }
        }
        return end
    }

    /// RMS level in dB of one audio stream between two times, after an optional audio filter
    /// (e.g. `highpass=f=12000` to keep only a high test tone).
    public static func rmsLevel(of path: String, stream: String, from start: Double, to end: Double, filter: String? = nil) async throws -> Double {
        let chain = ["atrim=\(start):\(end)", filter, "astats=metadata=0"].compactMap { $0 }.joined(separator: ",")
        let output = try await run("ffmpeg", ["-hide_banner", "-nostdin", "-nostats", "-i", "file:" + path, "-map", "0:\(stream)", "-af", chain, "-f", "null", "-"], stderr: true)
        guard let line = output.split(separator: "\n").last(where: { $0.contains("RMS level dB:") }),
              let text = line.split(separator: ":").last,
              let value = Double(text.trimmingCharacters(in: .whitespaces))
        else { throw TestMediaError("no astats RMS level for \(path) \(stream)") }
        return value
    }

    private static func run(_ program: String, _ arguments: [String], stderr: Bool = false) async throws -> String {
        let result = try await Subprocess.run(
            .name(program), arguments: Arguments(arguments),
            output: .string(limit: 64 << 20), error: .string(limit: 8 << 20)
        )
        guard result.terminationStatus.isSuccess else {
            throw TestMediaError("\(program) failed: \(result.standardError.suffix(2_000))")
        }
        return stderr ? result.standardError : result.standardOutput
    }
}
