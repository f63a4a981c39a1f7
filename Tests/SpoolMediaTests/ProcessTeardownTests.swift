import Foundation
import SpoolMedia
import Testing

/// A stand-in `yt-dlp` that ignores SIGTERM and starts a child that ignores it too: cancellation must
/// escalate to SIGKILL after the grace period and leave nothing of the process group behind.
@Suite("Process teardown")
struct ProcessTeardownTests {
    static let stubbornScript = """
    #!/usr/bin/env python3
    import signal, subprocess, sys, time
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    subprocess.Popen([sys.executable, "-c", "import signal, time; signal.signal(signal.SIGTERM, signal.SIG_IGN); time.sleep(60)"])
    print('{"st":"downloading","b":1,"tot":10,"est":null,"spd":null,"eta":null,"t":0,"frag":null,"frags":null}', flush=True)
    time.sleep(60)
    """

    @Test("SIGTERM is ignored: SIGKILL follows after the grace period and reaches the grandchild")
    func escalation() async throws {
        let work = try MediaTestSupport.makeWorkDirectory()
        let executable = work + "/stubborn-yt-dlp"
        try Data(Self.stubbornScript.utf8).write(to: URL(fileURLWithPath: executable))
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: executable)
        let grace = Duration.milliseconds(600)
        try await withYtDlp(YtDlp.Configuration(executable: executable, start: .cold, killGrace: grace)) { ytDlp in
            let log = EventLog()
            let download = Task { try await ytDlp.download(YtDlpRequest(url: "http://127.0.0.1:9/x", workDirectory: work)) { log.record($0) } }
            try await YtDlpCancellationTests.wait(timeout: .seconds(20)) { !log.progress.isEmpty }
            let group = try #require(await ytDlp.activeProcessIDs.first)
            try await YtDlpCancellationTests.wait(timeout: .seconds(30)) { MediaTestSupport.members(ofProcessGroup: group).count == 2 }

            let cancelled = ContinuousClock.now
            download.cancel()
            await #expect(throws: CancellationError.self) { try await download.value }
            let elapsed = ContinuousClock.now - cancelled
            #expect(elapsed >= grace, "SIGTERM alone did not stop it, so the grace period ran out")
            // Only a bound against never: on a busy machine the whole suite shares two cores with
            // other work, and the cancellation, the signals and the reaping each wait their turn.
            #expect(elapsed < grace + .seconds(90), "SIGKILL followed the grace period")
            #expect(!MediaTestSupport.processExists(group))
            #expect(MediaTestSupport.members(ofProcessGroup: group).isEmpty, "the grandchild was killed with its group")
        }
    }
}
