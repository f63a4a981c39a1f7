import ArgumentParser
import SpoolApp

/// `spool processing ls`: the processing profile table.
struct ProcessingList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ls",
        abstract: "List processing profiles: the shipped ones and yours.",
        discussion: "Columns: Name, Quality, Codec, Preset, Level (the one used), GPU, Origin (built-in, built-in and edited, or stored).",
        aliases: ["list"]
    )

    @OptionGroup var connection: ConnectionOptions

    @Flag(help: "Print the API's JSON instead of a table.")
    var json = false

    func run() async throws {
        try await connection.withClient { client in
            if json {
                CommandOutput.printJSON(try await client.rawJSON("/api/processing/profiles"))
                return
            }
            CommandOutput.print(ProcessingProfileTable(profiles: try await client.processingProfiles()).lines())
        }
    }
}
