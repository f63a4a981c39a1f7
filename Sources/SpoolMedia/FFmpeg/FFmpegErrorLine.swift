import Foundation

/// Finds the line of ffmpeg's stderr that says why it failed.
///
/// ffmpeg ends most failures with generic lines ("Error initializing output stream 0:0 -- Error
/// while opening encoder…", "Conversion failed!", "Error parsing global options…"); the reason is
/// the line before them, usually tagged with its component (`[h264_nvenc @ 0x55…] Cannot load
/// libcuda.so.1`). Encoder banners (SVT-AV1's `Svt[info]:`, x265's `x265 [info]:`) are skipped too.
public enum FFmpegErrorLine {
    /// The last meaningful lines of `standardError` (at most `limit`, oldest first, joined with
    /// "; "), without the `[component @ address]` tag; nil when there is none.
    public static func meaningful(in standardError: some StringProtocol, limit: Int = 1) -> String? {
        let found = lines(in: standardError).suffix(max(limit, 1))
        return found.isEmpty ? nil : found.joined(separator: "; ")
    }

    /// The first meaningful line (what a decode check reports: the first damage found).
    public static func first(in standardError: some StringProtocol) -> String? {
        lines(in: standardError).first
    }

    /// Every meaningful line, in order, each once, untagged.
    public static func lines(in standardError: some StringProtocol) -> [String] {
        var found: [String] = []
        var seen: Set<String> = []
        for rawLine in standardError.split(whereSeparator: \.isNewline) {
            let line = untagged(String(rawLine)).trimmingCharacters(in: .whitespaces)
            guard !line.isEmpty, !isGeneric(line), seen.insert(line).inserted else { continue }
            found.append(line)
        }
        return found
    }

    /// Lines ffmpeg prints after the real reason, and encoder chatter.
    private static let genericPrefixes = [
        "Error initializing output stream", "Conversion failed", "Error parsing global options",
        "Failed to set value", "Error opening output files", "Error initializing complex filters",
        "Error reinitializing filters", "Failed to inject frame into filter network",
        "Error while processing the decoded data", "Nothing was written into output file",
        "Svt[info]", "Svt[warn]", "x265 [info]", "x265 [warning]", "Exiting normally", "Invalid argument",
    ]

    private static func isGeneric(_ line: String) -> Bool {
        genericPrefixes.contains { line.hasPrefix($0) }
    }

    /// `[h264_nvenc @ 0x55d0] Cannot load libcuda.so.1` → `Cannot load libcuda.so.1`.
    private static func untagged(_ line: String) -> String {
        guard line.hasPrefix("["), let close = line.firstIndex(of: "]"), line[..<close].contains(" @ ") else { return line }
        return String(line[line.index(after: close)...])
    }
}
