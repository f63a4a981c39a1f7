/// Collapses YouTube-style automatic captions into sentences.
///
/// Such a file shows each line twice: first being typed word by word (inline `<00:00:01.234><c> word</c>`
/// timestamps), then again above the next line as it rolls up, plus ~10 ms cues that repeat the finished
/// text. Here a cue keeps only the lines the previous cue did not show; what remains are consecutive line
/// fragments, which are joined until a sentence ends or the phrase grows long.
enum RollingCaptions {
    /// A phrase longer than this many characters is not extended further.
    static let maxPhraseLength = 160
    /// Fragments further apart than this (seconds) are not joined.
    static let maxJoinGap = 0.5

    /// Whether `line` holds an inline `<hh:mm:ss.ttt>` or `<mm:ss.ttt>` timestamp tag.
    static func hasInlineTimestamp(_ line: Substring) -> Bool {
        var rest = line
        while let open = rest.firstIndex(of: "<") {
            let after = rest[rest.index(after: open)...]
            if let close = after.firstIndex(of: ">"), SubtitleTimestamp.seconds(after[..<close]) != nil {
                return true
            }
            rest = after
        }
        return false
    }

    /// Sentences from rolling-caption cue blocks.
    static func collapse(_ blocks: [SubtitleParser.Block]) -> [SubtitleCue] {
        var fragments: [SubtitleCue] = []
        var previous: [String] = []
        for block in blocks.sorted(by: { $0.start < $1.start }) {
            let lines = block.lines.map { SubtitleText.plain([$0]) }.filter { !$0.isEmpty }
            let fresh = lines.filter { !previous.contains($0) }
            previous = lines
            guard !fresh.isEmpty, block.end - block.start >= 0.05 else { continue }
            fragments.append(SubtitleCue(start: block.start, end: block.end, text: fresh.joined(separator: " ")))
        }
        return joinSentences(fragments)
    }

    /// Consecutive fragments joined into phrases that end at sentence punctuation or a length limit.
    static func joinSentences(_ fragments: [SubtitleCue]) -> [SubtitleCue] {
        var phrases: [SubtitleCue] = []
        for fragment in fragments {
            if var last = phrases.last,
               !endsSentence(last.text),
               fragment.start - last.end <= maxJoinGap,
               last.text.count + fragment.text.count < maxPhraseLength {
                last.text += " " + fragment.text
                last.end = max(last.end, fragment.end)
                phrases[phrases.count - 1] = last
            } else {
                phrases.append(fragment)
            }
        }
        return phrases
    }

    private static func endsSentence(_ text: String) -> Bool {
        guard let last = text.last else { return false }
        return ".?!…。？！".contains(last)
    }
}
