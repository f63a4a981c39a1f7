import Subprocess

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How Spool starts long-running media tools: each in its own process group, so one signal reaches
/// the tool and everything it started (yt-dlp runs ffmpeg), and so that group can be swept afterwards.
enum ChildProcess {
    /// A new process group led by the child; on task cancellation SIGTERM goes to the whole group,
    /// then SIGKILL to the group if the leader is still alive after `killGrace`.
    static func platformOptions(killGrace: Duration) -> PlatformOptions {
        var options = PlatformOptions()
        options.processGroupID = 0
        options.teardownSequence = [
            .send(signal: .terminate, toProcessGroup: true, allowedDurationToNextStep: killGrace),
        ]
        return options
    }

    /// The inherited environment with unbuffered Python output, so progress lines arrive at once.
    static let pythonEnvironment: Environment = .inherit.updating(["PYTHONUNBUFFERED": "1"])

    /// SIGKILL to the child's whole group while the child is still ours (not yet reaped).
    static func killGroup<Input, Output, Error>(of execution: Execution<Input, Output, Error>) {
        try? execution.send(signal: .kill, toProcessGroup: true)
    }

    /// SIGKILL to whatever is left in the process group `group` after its leader was reaped (say, an
    /// ffmpeg yt-dlp started, or a grandchild that ignored SIGTERM).
    ///
    /// Safe right after the reap: while any member lives the kernel keeps the group id reserved, so it
    /// names only our processes; with none left the call finds nobody (ESRCH), as pids are handed out
    /// in sequence and the id would be reused only after a wrap-around of `pid_max`.
    static func sweep(group: Int32) {
        guard group > 1 else { return }
        _ = kill(-group, SIGKILL)
    }

    /// Whether a finished run should be followed by ``sweep(group:)``: it was cancelled, or its leader
    /// was killed by a signal, so members may have been left behind.
    static func needsSweep(_ status: TerminationStatus) -> Bool {
        if Task.isCancelled { return true }
        if case .signaled = status { return true }
        return false
    }

    /// Makes writing to a pipe whose reader died fail with EPIPE instead of killing this process.
    ///
    /// Spool writes a job line to a pre-started helper; if that helper died in the meantime the default
    /// SIGPIPE action would end the whole server. Children get default signal dispositions back at spawn.
    static let ignoreBrokenPipe: Void = {
        _ = signal(SIGPIPE, SIG_IGN)
    }()

    /// `.path(…)` for a string path.
    static func executable(_ path: String) -> Executable {
        .path(.init(path))
    }
}
