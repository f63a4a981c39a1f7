import SpoolAPIModels
import SpoolApp
import SpoolCore
import Testing

@Suite("Human formatting")
struct HumanFormatTests {
    @Test("bytes use binary units with three significant digits", arguments: [
        (Int64(0), "0 B"), (1023, "1023 B"), (1024, "1.00 KiB"), (75_600_000, "72.1 MiB"),
        (167_772_160, "160 MiB"), (1_288_490_189, "1.20 GiB"),
    ])
    func bytes(value: Int64, text: String) {
        #expect(HumanFormat.bytes(value) == text)
    }

    @Test("unknown sizes, speeds and durations have placeholders")
    func unknowns() {
        #expect(HumanFormat.bytes(nil) == "-")
        #expect(HumanFormat.speed(nil) == "")
        #expect(HumanFormat.speed(0) == "")
        #expect(HumanFormat.duration(nil) == "-")
        #expect(HumanFormat.percent(nil) == "-")
    }

    @Test("durations", arguments: [(42.0, "42s"), (185, "3m05s"), (3720, "1h02m"), (183_600, "2d03h")])
    func durations(seconds: Double, text: String) {
        #expect(HumanFormat.duration(seconds) == text)
    }

    @Test("percent never shows 100% before the job is complete")
    func percent() {
        #expect(HumanFormat.percent(99.97) == "99%")
        #expect(HumanFormat.percent(99.97, done: true) == "100%")
        #expect(HumanFormat.percent(45.6) == "45%")
    }

    @Test("status of a paused job names the stage it stopped in")
    func pausedStatus() {
        var job = JobDTO(id: JobID("3f2a9c1e-0000-4000-8000-000000000000"), url: "https://x", status: .paused)
        job.pausedFrom = .downloading
        #expect(HumanFormat.status(of: job) == "Paused (downloading)")
        job.pausedFrom = .queued
        #expect(HumanFormat.status(of: job) == "Paused")
    }
}

@Suite("Text width")
struct TextWidthTests {
    @Test("wide characters take two cells, combining marks none")
    func widths() {
        #expect(TextWidth.of("abc") == 3)
        #expect(TextWidth.of("日本") == 4)
        #expect(TextWidth.of("e\u{301}") == 1)
    }

    @Test("truncation respects cells and adds an ellipsis")
    func truncate() {
        #expect(TextWidth.truncate("hello world", to: 6) == "hello…")
        #expect(TextWidth.truncate("日本語テキスト", to: 5) == "日本…")
        #expect(TextWidth.truncate("short", to: 10) == "short")
    }
}
