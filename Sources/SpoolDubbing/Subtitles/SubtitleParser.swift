import Foundation
import SpoolCore

/// Reads SRT and WebVTT subtitles into cues a voice can speak.
///
/// Both formats are read by their cue timing lines (`start --> end`, cue settings ignored); the lines up
/// to the next empty line are the cue's text. Indexes, identifiers, the WebVTT header and `NOTE`,
/// `STYLE` and `REGION` blocks never hold a timing line, so they fall away. YouTube's automatic captions
/// (WebVTT with inline word timestamps, every line shown twice as it rolls up) are collapsed into
/// sentences. The result is sorted by start; empty cues are dropped and cues sharing a start are joined.
public enum SubtitleParser {
    /// The cues in `text`.
    ///
    /// - Throws: ``SpoolError`` `.invalidInput` when the text holds no cue timing at all (not subtitles).
    public static func parse(_ text: String) throws -> [SubtitleCue] {
        let lines = normalizedLines(text)
        let isWebVTT = lines.first.map { $0.hasPrefix("WEBVTT") } ?? false
        let blocks = cueBlocks(lines)
        guard !blocks.isEmpty else {
            let kind = isWebVTT ? "WebVTT file without cues" : "neither SRT nor WebVTT"
            throw SpoolError(.invalidInput, "unreadable subtitles: \(kind) (no 'start --> end' timing line)")
        }
        let hasWordTimings = isWebVTT && blocks.contains { $0.lines.contains(where: RollingCaptions.hasInlineTimestamp) }
        let cues = hasWordTimings
            ? RollingCaptions.collapse(blocks)
            : blocks.map { SubtitleCue(start: $0.start, end: $0.end, text: SubtitleText.plain($0.lines)) }
        return tidy(cues)
    }

    /// The cues in the file at `path` (UTF-8; a byte-order mark is ignored, invalid bytes are replaced).
    ///
    /// - Throws: ``SpoolError`` `.invalidInput` for unreadable files or text that is not subtitles.
    public static func parseFile(at path: String) throws -> [SubtitleCue] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw SpoolError(.invalidInput, "cannot read subtitle file \(URL(fileURLWithPath: path).lastPathComponent)")
        }
        return try parse(String(decoding: data, as: UTF8.self))
    }

    /// A cue as written: its timing and its raw text lines.
    struct Block {
        var start: Double
        var end: Double
        var lines: [Substring]
    }

    /// Lines with CRLF/CR endings and a leading byte-order mark removed.
    static func normalizedLines(_ text: String) -> [Substring] {
        var text = text
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        return text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r" || $0 == "\r\n" })
    }

    /// Every timing line with the text lines below it (up to an empty line or the next timing line).
    static func cueBlocks(_ lines: [Substring]) -> [Block] {
        var blocks: [Block] = []
        var index = 0
        while index < lines.count {
            guard let timing = SubtitleTimestamp.timing(lines[index]) else {
                index += 1
                continue
            }
            index += 1
            var text: [Substring] = []
            while index < lines.count, !lines[index].isEmpty, SubtitleTimestamp.timing(lines[index]) == nil {
                text.append(lines[index])
                index += 1
            }
            blocks.append(Block(start: timing.start, end: timing.end, lines: text))
        }
        return blocks
    }

    /// Sorted by start, without empty or backwards cues, cues with the same start joined.
    static func tidy(_ cues: [SubtitleCue]) -> [SubtitleCue] {
        let kept = cues.enumerated()
            .filter { !$0.element.text.isEmpty && $0.element.end > $0.element.start }
            .sorted { ($0.element.start, $0.offset) < ($1.element.start, $1.offset) }
            .map(\.element)
        var result: [SubtitleCue] = []
        for cue in kept {
            if var last = result.last, cue.start - last.start < 0.01 {
                if last.text != cue.text { last.text += " " + cue.text }
                last.end = max(last.end, cue.end)
                result[result.count - 1] = last
            } else {
                result.append(cue)
            }
        }
        return result
    }
}
