import Foundation

/// Subtitle files for tests, written from (start, end, text) cues.
public enum TestSubtitles {
    /// SRT text: numbered cues, `HH:MM:SS,mmm` times, CRLF line ends as most SRT files have.
    public static func srt(_ cues: [(start: Double, end: Double, text: String)]) -> String {
        cues.enumerated().map { index, cue in
            "\(index + 1)\r\n\(timestamp(cue.start, separator: ",")) --> \(timestamp(cue.end, separator: ","))\r\n\(cue.text)\r\n"
        }.joined(separator: "\r\n")
    }

    /// WebVTT text with a header, `HH:MM:SS.mmm` times and a cue setting on each timing line.
    public static func webVTT(_ cues: [(start: Double, end: Double, text: String)]) -> String {
        "WEBVTT\n\n" + cues.map { cue in
            "\(timestamp(cue.start, separator: ".")) --> \(timestamp(cue.end, separator: ".")) line:90%\n\(cue.text)\n"
        }.joined(separator: "\n")
    }

    /// Writes `text` to `url` (UTF-8), creating its folder, and returns `url`.
    @discardableResult
    public static func write(_ text: String, to url: URL) throws -> URL {
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
        return url
    }

    /// `HH:MM:SS<separator>mmm`.
    public static func timestamp(_ seconds: Double, separator: String) -> String {
        let millis = Int((seconds * 1000).rounded())
        let (hours, minutes, wholeSeconds) = (millis / 3_600_000, millis / 60_000 % 60, millis / 1000 % 60)
        return String(format: "%02d:%02d:%02d", hours, minutes, wholeSeconds) + separator + String(format: "%03d", millis % 1000)
    }
}
