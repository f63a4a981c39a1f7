import ArgumentParser
import SpoolApp

/// `spool batch …`: batches of jobs added together (`spool add --batch NAME URL…`, seed 003's `/api/v1/jobs`).
struct BatchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "batch",
        abstract: "Batches: list them, show one with its items, cancel, retry or remove all of a batch's jobs.",
        discussion: """
            A batch is many URLs added at once, one job each in episode order. Its state comes from
            its jobs: it is `completed` once every item ended and at least one finished (the failed
            ones are listed), `failed` when none finished. Ids may be shortened to a unique prefix.
            Examples:
              spool add --batch "Season 1" URL1 URL2 URL3
              spool batch ls
              spool batch show 1a2b3c4d
              spool batch retry 1a2b3c4d
              spool batch rm 1a2b3c4d --delete-files
            """,
        subcommands: [BatchList.self, BatchShow.self, BatchCancel.self, BatchRetry.self, BatchRemove.self],
        defaultSubcommand: BatchList.self
    )
}

/// `spool batch ls`: the batches, newest first.
struct BatchList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "ls", abstract: "List batches, newest first.", aliases: ["list"])

    @OptionGroup var connection: ConnectionOptions

    @Option(help: "Most batches to show.")
    var limit = 50

    @Flag(help: "Print the API's JSON.")
    var json = false

    func run() async throws {
        try await connection.withClient { client in
            let page = try await client.batches(limit: limit)
            if json {
                try CommandOutput.printJSON(page)
            } else {
                CommandOutput.print(BatchReport.table(page.batches))
            }
        }
    }
}

/// `spool batch show ID`: one batch with its items.
struct BatchShow: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Show a batch: its state, progress and each item.")

    @OptionGroup var connection: ConnectionOptions

    @Argument(help: ArgumentHelp("The batch's id or a unique prefix of it.", valueName: "id"))
    var id: String

    @Flag(help: "Print the API's JSON.")
    var json = false

    func run() async throws {
        try await connection.withClient { client in
            let batch = try await client.batch(id)
            if json {
                try CommandOutput.printJSON(batch)
            } else {
                CommandOutput.print(BatchReport.lines(batch))
            }
        }
    }
}

/// `spool batch cancel ID`.
struct BatchCancel: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "cancel", abstract: "Cancel every item of a batch that has not ended.")

    @OptionGroup var connection: ConnectionOptions

    @Argument(help: ArgumentHelp("The batch's id or a unique prefix of it.", valueName: "id"))
    var id: String

    func run() async throws {
        try await connection.withClient { client in
            CommandOutput.print(BatchReport.lines(try await client.perform(.cancel, onBatch: id)))
        }
    }
}

/// `spool batch retry ID`.
struct BatchRetry: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "retry", abstract: "Queue again every item of a batch that failed or was canceled.")

    @OptionGroup var connection: ConnectionOptions

    @Argument(help: ArgumentHelp("The batch's id or a unique prefix of it.", valueName: "id"))
    var id: String

    func run() async throws {
        try await connection.withClient { client in
            CommandOutput.print(BatchReport.lines(try await client.perform(.retry, onBatch: id)))
        }
    }
}

/// `spool batch rm ID [--delete-files]`.
struct BatchRemove: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "rm", abstract: "Remove a batch and its jobs.", aliases: ["remove"])

    @OptionGroup var connection: ConnectionOptions

    @Argument(help: ArgumentHelp("The batch's id or a unique prefix of it.", valueName: "id"))
    var id: String

    @Flag(help: "Also delete the jobs' files.")
    var deleteFiles = false

    func run() async throws {
        try await connection.withClient { client in
            try await client.deleteBatch(id, deleteFiles: deleteFiles)
            CommandOutput.print(["Batch \(id) removed" + (deleteFiles ? " with its files" : "")])
        }
    }
}
