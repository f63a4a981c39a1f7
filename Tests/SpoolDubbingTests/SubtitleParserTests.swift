import SpoolCore
@testable import SpoolDubbing
import Testing

@Suite("subtitle parsing")
struct SubtitleParserTests {
    @Test("SRT: BOM, CRLF, markup, entities, multi-line cues, out-of-order and empty cues")
    func srt() throws {
        let text = "\u{FEFF}2\r\n00:00:05,500 --> 00:00:07,250\r\n{\\an8}<i>Second</i> line &amp; more\r\nwith a break\r\n\r\n"
            + "1\r\n00:00:01,000 --> 00:00:03,000 X1:10 X2:20\r\n<font color=\"#ffffff\">First &lt;one&gt;</font>\r\n\r\n"
            + "3\r\n00:00:08,000 --> 00:00:09,000\r\n[Music] ♪\r\n\r\n"
            + "4\r\n01:02:03,040 --> 01:02:04,000\r\n-Dash first &#8212; &#x41;\r\n"
        let cues = try SubtitleParser.parse(text)
        #expect(cues == [
            SubtitleCue(start: 1, end: 3, text: "First <one>"),
            SubtitleCue(start: 5.5, end: 7.25, text: "Second line & more with a break"),
            SubtitleCue(start: 3723.04, end: 3724, text: "-Dash first — A"),
        ])
    }

    @Test("WebVTT: header, NOTE/STYLE/REGION blocks, identifiers, settings, voice and class tags, short times")
    func webVTT() throws {
        let text = """
            WEBVTT - a title
            Kind: captions
            Language: ru

            STYLE
            ::cue(.yellow) { color: yellow }

            NOTE this block
            is a comment

            REGION
            id:fred width:40%

            intro
            00:01.000 --> 00:02.500 position:10%,line-left align:left
            <v Roger Bingham>Привет, <c.yellow>мир</c>!</v>

            00:00:03.000 --> 00:00:04.000
            &nbsp;

            00:00:04.000 --> 00:00:06.000 line:0
            Вторая
            строка
            """
        let cues = try SubtitleParser.parse(text)
        #expect(cues == [
            SubtitleCue(start: 1, end: 2.5, text: "Привет, мир!"),
            SubtitleCue(start: 4, end: 6, text: "Вторая строка"),
        ])
    }

    @Test("YouTube automatic captions: rolling duplicates and word timings collapse into sentences")
    func youTubeAutomatic() throws {
        let cues = try SubtitleParser.parse(Self.youTubeAuto)
        #expect(cues.map(\.text) == [
            "hello everyone and welcome to the channel today we are testing.",
            "this is the second sentence",
        ])
        #expect(cues.first?.start == 0.08 && cues.last?.start == 6.03)
        #expect(cues.allSatisfy { !$0.text.contains("<") && !$0.text.contains("[") })
    }

    @Test("cues sharing a start time are joined")
    func sameStart() throws {
        let text = "1\n00:00:01,000 --> 00:00:02,000\nTop\n\n2\n00:00:01,000 --> 00:00:03,000\nBottom\n"
        #expect(try SubtitleParser.parse(text) == [SubtitleCue(start: 1, end: 3, text: "Top Bottom")])
    }

    @Test("text that is not subtitles is rejected with a clear message; a cueless WebVTT file too")
    func garbage() {
        let error = #expect(throws: SpoolError.self) { try SubtitleParser.parse("<html><body>Not found</body></html>") }
        #expect(error?.code == .invalidInput && error?.message.contains("neither SRT nor WebVTT") == true)
        let empty = #expect(throws: SpoolError.self) { try SubtitleParser.parse("WEBVTT\n\nNOTE nothing here\n") }
        #expect(empty?.message.contains("WebVTT file without cues") == true)
        let badTimes = #expect(throws: SpoolError.self) { try SubtitleParser.parse("1\n00:00:99,000 --> 00:00:01,000\nHi\n") }
        #expect(badTimes?.code == .invalidInput)
        let missing = #expect(throws: SpoolError.self) { try SubtitleParser.parseFile(at: "/nonexistent/subs.srt") }
        #expect(missing?.message.contains("subs.srt") == true)
    }

    @Test("timestamps: SRT comma, WebVTT dot, minutes-only, and out-of-range fields")
    func timestamps() {
        #expect(SubtitleTimestamp.seconds("00:00:01,500") == 1.5)
        #expect(SubtitleTimestamp.seconds("10:02.25") == 602.25)
        #expect(SubtitleTimestamp.seconds("100:00:00.000") == 360_000)
        #expect(SubtitleTimestamp.seconds("00:61:00.000") == nil)
        #expect(SubtitleTimestamp.seconds("00:00:01.5000") == nil)
        #expect(SubtitleTimestamp.seconds("a:b") == nil)
    }

    /// The shape of a YouTube auto-caption file as yt-dlp saves it (`--write-auto-subs --sub-format vtt`).
    static let youTubeAuto = """
        WEBVTT
        Kind: captions
        Language: en

        00:00:00.080 --> 00:00:02.350 align:start position:0%
         
        hello<00:00:00.480><c> everyone</c><00:00:00.960><c> and</c><00:00:01.199><c> welcome</c>

        00:00:02.350 --> 00:00:02.360 align:start position:0%
        hello everyone and welcome
         

        00:00:02.360 --> 00:00:04.470 align:start position:0%
        hello everyone and welcome
        to<00:00:02.879><c> the</c><00:00:03.120><c> channel</c>

        00:00:04.470 --> 00:00:04.480 align:start position:0%
        to the channel
         

        00:00:04.480 --> 00:00:06.020 align:start position:0%
        to the channel
        today<00:00:04.960><c> we</c><00:00:05.200><c> are</c><00:00:05.520><c> testing.</c>

        00:00:06.020 --> 00:00:06.030 align:start position:0%
        today we are testing.
         

        00:00:06.030 --> 00:00:08.000 align:start position:0%
        today we are testing.
        [Music] this<00:00:06.500><c> is</c><00:00:06.900><c> the</c><00:00:07.100><c> second</c><00:00:07.400><c> sentence</c>
        """
}
