@testable import SpoolMedia
import Testing

/// Fixtures: stderr of yt-dlp 2026.10.26 for a 404 URL and for an HTML page without media.
@Suite("yt-dlp errors")
struct YtDlpStderrTests {
    @Test("the 404 message is the ERROR line without its prefix")
    func notFound() throws {
        let stderr = YtDlpStderr(parsing: try Fixture.text("http-404.stderr"))
        #expect(stderr.errorLine == "[generic] missing: Unable to download webpage: HTTP Error 404: File not found (caused by <HTTPError 404: File not found>)")
        #expect(stderr.tail.text.hasPrefix("ERROR: [generic] missing"))
    }

    @Test("warnings before the error stay in the tail; the message is the last ERROR line")
    func warningThenError() throws {
        let stderr = YtDlpStderr(parsing: try Fixture.text("unsupported-url.stderr"))
        #expect(stderr.message == "Unsupported URL: http://127.0.0.1:18501/page.html")
        #expect(stderr.tail.text.contains("WARNING: [generic] Falling back on generic information extractor"))
        var twice = stderr
        twice.consume("ERROR: second")
        twice.consume("some trailing noise")
        #expect(twice.errorLine == "second")
    }

    @Test("without an ERROR line the message is the last line (usage errors)")
    func usageError() {
        let stderr = YtDlpStderr(parsing: "Usage: yt-dlp [OPTIONS] URL [URL...]\n\nyt-dlp: error: no such option: --bogus-option\n")
        #expect(stderr.errorLine == nil)
        #expect(stderr.message == "yt-dlp: error: no such option: --bogus-option")
    }

    @Test("the tail keeps the newest lines within 4 KiB")
    func boundedTail() {
        var stderr = YtDlpStderr()
        for index in 0..<1_000 {
            stderr.consume("WARNING: line \(index) " + String(repeating: "x", count: 40))
        }
        stderr.consume("ERROR: the end")
        #expect(stderr.tail.text.utf8.count <= 4096)
        #expect(stderr.tail.text.hasSuffix("ERROR: the end"))
        #expect(stderr.tail.text.contains("line 999 "))
        #expect(!stderr.tail.text.contains("line 0 "))
        var huge = OutputTail(limit: 100)
        huge.append(String(repeating: "é", count: 500))
        #expect(huge.text.utf8.count <= 100 && huge.text.allSatisfy { $0 == "é" })
    }
}
