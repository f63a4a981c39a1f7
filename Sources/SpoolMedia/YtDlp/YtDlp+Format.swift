import Foundation

extension YtDlp {
    /// yt-dlp's verdict on a format expression, from its own parser and without network: asked of
    /// the running fork server (well under a millisecond; one still warming up is waited for, for
    /// half of `timeout`), else of a short-lived helper process (an interpreter start and the
    /// yt_dlp import, about half a second). A format expression means a yt-dlp download is coming,
    /// so a fork server that is not running is started for it meanwhile.
    ///
    /// - Returns: nil when it cannot be checked: yt-dlp or Python is missing, or no answer came
    ///   within `timeout`.
    public func checkFormat(_ format: String, timeout: Duration = .seconds(3)) async -> FormatVerdict? {
        guard let resolved = try? launch(), let helper = resolved.helper ?? helperLaunch(for: resolved.executable) else { return nil }
        let deadline = ContinuousClock.now + timeout
        if configuration.start == .fork, forkUsable, !isShutDown, let server = forkServer, !server.isGone {
            // A server still warming up (just after start) answers sooner than a new interpreter
            // would, without competing with it for the CPU: it gets half the time to become ready.
            let readyBy = ContinuousClock.now + timeout / 2
            while !server.isReady, !server.isGone, ContinuousClock.now < readyBy {
                try? await Task.sleep(for: .milliseconds(25))
            }
            if server.isReady, let verdict = await server.checkFormat(format, timeout: deadline - .now) {
                statistics.warmFormatChecks += 1
                return verdict
            }
        } else {
            // A format expression means a yt-dlp download is coming: start the fork server for it
            // (not waited for; this check runs in a helper process meanwhile).
            noteActivity()
        }
        let remaining = deadline - .now
        guard remaining > .zero else { return nil }
        let verdict = await Self.checkFormatCold(format, helper: helper, timeout: remaining)
        if verdict != nil { statistics.coldFormatChecks += 1 }
        return verdict
    }

    /// Runs `ytdlp_helper.py --check-format FORMAT` and reads its one JSON line.
    static func checkFormatCold(_ format: String, helper: YtDlpHelper.Launch, timeout: Duration) async -> FormatVerdict? {
        let arguments = helper.pythonArguments + [helper.script, "--check-format", format, helper.ytDlpExecutable]
        return await withTaskGroup(of: FormatVerdict?.self) { group in
            group.addTask {
                guard let output = try? await ToolRunner.run(tool: "python", program: helper.python, arguments: arguments, killGrace: .seconds(1)),
                      output.status.isSuccess,
                      let line = output.standardOutput.split(separator: "\n").last,
                      let answer = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
                else { return nil }
                if answer["format"] as? String == "ok" { return .valid }
                return (answer["formatError"] as? String).map(FormatVerdict.invalid)
            }
            group.addTask {
                try? await Task.sleep(for: timeout)
                return nil
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first
        }
    }
}
