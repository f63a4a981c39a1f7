@testable import SpoolMedia
import Testing

/// Replays captured stdout and stderr of a real run (Spool's arguments, remux to MKV) through a session.
@Suite("yt-dlp output session")
struct YtDlpSessionTests {
    @Test("progress becomes events, the result line is kept, post-processing steps are logged once")
    func replay() async throws {
        let log = EventLog()
        let session = YtDlpSession { log.record($0) }
        for line in try Fixture.lines("http-download.stdout") {
            await session.handleStandardOutput(line)
        }
        for line in try Fixture.lines("http-download.stderr") {
            await session.handleStandardError(line)
        }
        let summary = session.snapshot
        #expect(summary.filePath == "/tmp/ytprobe/w/generic/test [test].mkv")
        #expect(summary.infoJSONPath == "/tmp/ytprobe/w/generic/test [test].info.json")
        #expect(log.progress.count == 9)
        #expect(log.logs == ["Post-processing: VideoRemuxer", "Post-processing: MoveFiles"])
        #expect(summary.standardError.tail.isEmpty, "post-processing lines are not errors")
    }

    @Test("warnings and errors are logged and kept; unknown stdout lines are logged")
    func failures() async throws {
        let log = EventLog()
        let session = YtDlpSession { log.record($0) }
        for line in try Fixture.lines("unsupported-url.stderr") {
            await session.handleStandardError(line)
        }
        await session.handleStandardOutput("something unexpected")
        await session.handleStandardOutput("   ")
        #expect(log.logs.count == 3)
        #expect(session.snapshot.standardError.errorLine == "Unsupported URL: http://127.0.0.1:18501/page.html")
        #expect(session.snapshot.filePath == nil)
    }

    @Test("a failed run maps to its cause's code (a 404: media_not_found) with the ERROR line, other ends to tool_failed")
    func failureMapping() throws {
        let notFound = YtDlpStderr(parsing: try Fixture.text("http-404.stderr"))
        let error = YtDlp.failure(status: .exited(1), standardError: notFound)
        #expect(error.code == .mediaNotFound && error.exitCode == 1 && error.message.contains("HTTP Error 404"))
        #expect(error.spoolError.code == .mediaNotFound)
        let usage = YtDlp.failure(status: .exited(2), standardError: YtDlpStderr(parsing: "yt-dlp: error: no such option: --x"))
        #expect(usage.code == .toolFailed && usage.message == "yt-dlp: error: no such option: --x")
        let killed = YtDlp.failure(status: .signaled(9), standardError: YtDlpStderr())
        #expect(killed.code == .toolFailed && killed.signal == 9 && killed.exitCode == nil)
        #expect(YtDlp.failure(status: .exited(0), standardError: YtDlpStderr()).code == .toolFailed)
    }
}
