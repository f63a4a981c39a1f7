import ArgumentParser
import SpoolApp

/// `spool watch [ID…]`: live progress.
struct Watch: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Watch jobs' progress live until they finish.",
        discussion: """
            Without ids, watches every unfinished job (and jobs added meanwhile). On a terminal the \
            progress bars are redrawn in place, with state changes, warnings and errors scrolling above; \
            otherwise (or with --plain) plain lines are printed, progress at most once a second per job.
            Ends when every watched job is COMPLETE, FAILED, CANCELED or deleted — exit code 1 if one \
            FAILED — unless --follow is given. The event stream reconnects by itself and resumes \
            without missing state changes.
            Examples:
              spool watch
              spool watch 3f2a 9bc1
              spool watch --follow --logs > spool.log
            """
    )

    @OptionGroup var connection: ConnectionOptions

    @Argument(help: ArgumentHelp("Job ids or unique prefixes (default: all unfinished jobs).", valueName: "id"))
    var ids: [String] = []

    @Flag(help: "Keep watching after the jobs finish (stop with Ctrl-C).")
    var follow = false

    @Flag(help: "Print plain lines even on a terminal.")
    var plain = false

    @Flag(help: "Also print info-level log lines.")
    var logs = false

    func run() async throws {
        try await connection.withClient { client in
            let resolved = ids.isEmpty ? nil : try await client.resolveJobIDs(ids)
            try await Self.watch(resolved, client: client, follow: follow, plain: plain, logs: logs)
        }
    }

    /// Watches jobs and fails with exit code 1 when one of them ended FAILED.
    static func watch(_ ids: [String]?, client: SpoolClient, follow: Bool, plain: Bool, logs: Bool) async throws {
        let interactive = Terminal.stdoutIsTTY && !plain
        let options = JobWatcher.Options(follow: follow, interactive: interactive, unicode: Terminal.supportsUnicode, showLogs: logs)
        let watcher = JobWatcher(client: client, options: options, width: { Terminal.stdoutIsTTY ? Terminal.columns : nil }, write: Terminal.write)
        let outcome = try await watcher.run(jobIDs: ids)
        if outcome.jobs.isEmpty, ids == nil {
            CommandOutput.warn("no unfinished jobs to watch (use --follow to wait for new ones)")
        }
        if !outcome.failed.isEmpty {
            let names = outcome.failed.map { HumanFormat.shortID($0.id) }.joined(separator: ", ")
            throw ClientError(.general, "\(outcome.failed.count) of \(outcome.jobs.count) jobs failed: \(names) (see `spool logs ID`)")
        }
    }
}
