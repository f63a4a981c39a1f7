import SpoolCore
import Testing

@testable import SpoolMedia

/// Real yt-dlp 2026.11.23 stderr, captured by running it (with Spool's arguments) against a loopback
/// server answering 401, 403, 404, 410, 429 and 500, a refused port, an HTML page, a plain MP4 with a
/// format it cannot parse (`b[height<=`) or does not offer (`foo`), and a 1 MiB tmpfs that a 3 MB
/// download fills (then the same download again on the full volume).
@Suite("Download failures: permanent or transient")
struct DownloadFailureTests {
    struct Sample: Sendable, CustomStringConvertible {
        var fixture: String
        var code: SpoolError.Code
        var message: String
        var description: String { fixture }
    }

    static let samples: [Sample] = [
        Sample(fixture: "http-404.stderr", code: .mediaNotFound, message: "[generic] missing: Unable to download webpage: HTTP Error 404: File not found"),
        Sample(fixture: "http-410.stderr", code: .mediaNotFound, message: "[generic] v: Unable to download webpage: HTTP Error 410: Gone"),
        Sample(fixture: "http-403.stderr", code: .mediaForbidden, message: "[generic] v: Unable to download webpage: HTTP Error 403: Forbidden"),
        Sample(fixture: "http-401.stderr", code: .mediaForbidden, message: "[generic] v: Unable to download webpage: HTTP Error 401: Unauthorized"),
        Sample(fixture: "http-500.stderr", code: .downloadFailed, message: "[generic] v: Unable to download webpage: HTTP Error 500: Internal Server Error"),
        Sample(fixture: "http-429.stderr", code: .downloadFailed, message: "[generic] v: Unable to download webpage: HTTP Error 429: Too Many Requests"),
        Sample(
            fixture: "connection-refused.stderr", code: .downloadFailed,
            message: "[generic] v: Unable to download webpage: HTTPConnection(host='127.0.0.1', port=1): Failed to establish a new connection: [Errno 111] Connection refused"
        ),
        Sample(fixture: "unsupported-url.stderr", code: .unsupportedURL, message: "Unsupported URL: http://127.0.0.1:18501/page.html"),
        Sample(fixture: "bad-format.stderr", code: .invalidFormat, message: "Invalid format specification: Missing closing/opening brackets or parenthesis"),
        Sample(
            fixture: "format-not-available.stderr", code: .invalidFormat,
            message: "[generic] clip: Requested format is not available. Use --list-formats for a list of available formats"
        ),
        Sample(fixture: "disk-full.stderr", code: .insufficientStorage, message: "unable to write data: [Errno 28] No space left on device"),
        Sample(fixture: "disk-full-retry.stderr", code: .downloadFailed, message: "Cannot write video metadata to JSON file /tmp/ef/full/clip.info.json"),
    ]

    @Test("a failed run gets the specific code and the meaningful line, without yt-dlp's '(caused by …)'", arguments: samples)
    func classified(_ sample: Sample) throws {
        let stderr = YtDlpStderr(parsing: try Fixture.text(sample.fixture))
        let error = YtDlp.failure(status: .exited(1), standardError: stderr)
        #expect(error.code == sample.code)
        #expect(error.message == sample.message)
        #expect(error.spoolError.isPermanentDownloadFailure == [.mediaNotFound, .mediaForbidden, .unsupportedURL, .invalidFormat].contains(sample.code))
    }

    @Test("a format yt-dlp cannot parse: the traceback's exception is the message, never the caret line")
    func badFormatTraceback() throws {
        let text = try Fixture.text("bad-format.stderr")
        #expect(text.hasSuffix("^\n"), "the fixture ends with yt-dlp's caret line")
        let stderr = YtDlpStderr(parsing: text)
        #expect(stderr.errorLine == nil)
        #expect(stderr.exceptionLine == "Invalid format specification: Missing closing/opening brackets or parenthesis")
        #expect(stderr.message == stderr.exceptionLine)
        #expect(YtDlpStderr(parsing: "something went wrong\n\tb[height<=\n\t          ^\n").message == "b[height<=")
    }

    @Test("the ERROR line naming a known cause wins over a later one naming a symptom")
    func meaningfulErrorLine() {
        var stderr = YtDlpStderr()
        stderr.consume("ERROR: unable to write data: [Errno 28] No space left on device")
        stderr.consume("ERROR: Cannot write video metadata to JSON file /media/tmp/x/clip.info.json")
        #expect(stderr.errorLine == "Cannot write video metadata to JSON file /media/tmp/x/clip.info.json")
        #expect(stderr.message == "unable to write data: [Errno 28] No space left on device")
        #expect(YtDlp.failure(status: .exited(1), standardError: stderr).code == .insufficientStorage)
    }

    @Test("what sites say about private, removed and geo-blocked videos; transient failures stay unclassified")
    func sitePhrases() {
        let cases: [(String, SpoolError.Code?)] = [
            ("[youtube] abc: Private video. Sign in if you've been granted access to this video", .videoUnavailable),
            ("[youtube] abc: Video unavailable. This video has been removed by the uploader", .videoUnavailable),
            ("[vimeo] 1: This video does not exist.", .videoUnavailable),
            ("[generic] x: This video is not available from your location due to geo restriction", .geoBlocked),
            ("[bbc] x: The video is not available in your country", .geoBlocked),
            ("[generic] x: Unable to download webpage: HTTP Error 503: Service Unavailable", nil),
            ("[download] Got error: Read timed out. (read timeout=20.0)", nil),
            ("unable to download video data: HTTP Error 404: Not Found", .mediaNotFound),
            ("HTTP Error 403: Forbidden", .mediaForbidden),
            ("[Errno 122] Disk quota exceeded", .insufficientStorage),
        ]
        for (message, code) in cases {
            #expect(DownloadFailureClassifier.code(for: message) == code, "\(message)")
        }
    }

    @Test("the direct downloader's status errors carry the same codes")
    func directStatus() {
        #expect(DirectTransfer.statusError(.notFound).code == .mediaNotFound)
        #expect(DirectTransfer.statusError(.gone).code == .mediaNotFound)
        #expect(DirectTransfer.statusError(.forbidden).code == .mediaForbidden)
        #expect(DirectTransfer.statusError(.serviceUnavailable).code == .downloadFailed)
        #expect(DirectTransfer.statusError(.notFound).message == "HTTP Error 404: Not Found")
    }
}
