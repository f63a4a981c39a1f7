import ArgumentParser
import SpoolApp
import SpoolCore

/// `spool sources sync ID`: queues a check now.
struct SourcesSync: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sync",
        abstract: "Check a source now (a full re-index with --full, only its feed with --fast).",
        discussion: """
            Examples:
              spool sources sync 1
              spool sources sync News --full
            """
    )

    @OptionGroup var connection: ConnectionOptions

    @Argument(help: ArgumentHelp("Source id or name.", valueName: "id"))
    var id: String

    @Flag(help: "Re-list every followed tab from the start.")
    var full = false

    @Flag(help: "Read only the source's feed for new entries.")
    var fast = false

    @Flag(help: "Print the API's JSON.")
    var json = false

    func validate() throws {
        if full, fast { throw ValidationError("--full and --fast cannot be combined") }
    }

    /// The mode the flags choose.
    var mode: SyncMode { full ? .full : (fast ? .fast : .check) }

    func run() async throws {
        try await connection.withClient { client in
            let sourceID = try await client.resolveSourceID(id)
            let answer = try await client.syncSource(sourceID, mode: mode)
            if json {
                try CommandOutput.printJSON(answer)
            } else {
                CommandOutput.print(["Source \(answer.sourceId): \(answer.mode.rawValue) queued"])
            }
        }
    }
}
