import ArgumentParser
import SpoolApp

/// `spool retention [--apply]`: the retention's dry run, or applying it now.
struct RetentionCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "retention",
        abstract: "Show what the retention would delete now (a dry run), or delete it with --apply.",
        discussion: """
            The library's one-off jobs follow RETENTION_MAX_AGE_DAYS, RETENTION_KEEP_NEWEST and \
            RETENTION_MAX_TOTAL_SIZE_MB (jobs tagged `keep` never go); each source follows its own \
            retention (`spool sources add/edit --keep-newest/--max-age-days/--max-total-size-mb`). \
            The dry run lists every job that would go with its files, size and reason; --apply \
            deletes exactly those. The server also runs the retention every MAINTENANCE_INTERVAL.
            Examples:
              spool retention
              spool retention --apply
            """
    )

    @OptionGroup var connection: ConnectionOptions

    @Flag(help: "Delete what the retention says now (files and jobs).")
    var apply = false

    @Flag(help: "Print the API's JSON.")
    var json = false

    func run() async throws {
        try await connection.withClient { client in
            let report = apply ? try await client.applyRetention() : try await client.retentionPlan()
            if json {
                try CommandOutput.printJSON(report)
            } else {
                CommandOutput.print(RetentionTable(report: report, width: Terminal.stdoutIsTTY ? Terminal.columns : nil).lines())
            }
        }
    }
}
