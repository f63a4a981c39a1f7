import ArgumentParser
import SpoolApp

/// The `spool` executable: the server and its administration, and a remote control of a running
/// server's REST API in the spirit of `transmission-remote`.
@main
struct SpoolCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "spool",
        abstract: "Self-hosted video download manager built on yt-dlp.",
        discussion: """
            Client commands talk to a running server: --server URL (env SPOOL_SERVER, default \
            \(SpoolClient.defaultServer)) and --token TOKEN (env SPOOL_TOKEN, else the token saved by \
            `spool login`). Job ids may be shortened to any unique prefix, as `spool ls` shows them.

            Exit codes: 0 success, 1 general error, 2 usage error, 3 not authorised, 4 not found, \
            5 server unreachable or failing.
            """,
        groupedSubcommands: [
            CommandGroup(name: "Server", subcommands: [Serve.self, Gateway.self, Worker.self, Migrate.self, Doctor.self, Backup.self, Restore.self, Config.self, UserCommand.self]),
            CommandGroup(name: "Jobs", subcommands: [
                Add.self, List.self, Show.self, Watch.self,
                Pause.self, Resume.self, Start.self, Cancel.self, Retry.self,
                Move.self, Remove.self, Logs.self, Queue.self, BatchCommand.self,
            ]),
            CommandGroup(name: "Archive", subcommands: [SourcesCommand.self, RetentionCommand.self]),
            CommandGroup(name: "Processing", subcommands: [ProcessingCommand.self, Hardware.self]),
            CommandGroup(name: "Access", subcommands: [Login.self, Logout.self, Token.self, UsersCommand.self, AuditCommand.self]),
            CommandGroup(name: "Notifications", subcommands: [WebhooksCommand.self]),
            CommandGroup(name: "Media", subcommands: [Mux.self, ExtractAudio.self]),
        ]
    )
}
