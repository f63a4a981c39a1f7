import ArgumentParser
import SpoolApp
import SpoolCore

/// `spool processing rm NAME`: removes a stored processing profile.
struct ProcessingRemove: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rm",
        abstract: "Remove your processing profile, or restore an edited shipped one to its defaults.",
        discussion: """
            A profile a download profile names cannot be removed (unless a shipped one takes its place).
            Examples:
              spool processing rm phone
              spool processing rm 720p-hevc
            """,
        aliases: ["remove"]
    )

    @OptionGroup var connection: ConnectionOptions

    @Argument(help: ArgumentHelp("The profile's name.", valueName: "name"))
    var name: String

    func run() async throws {
        try await connection.withClient { client in
            try await client.deleteProcessingProfile(name)
            let shipped = ProcessingProfile.builtIn(named: name) != nil
            CommandOutput.print([shipped ? "Processing profile '\(name)' restored to its defaults" : "Processing profile '\(name)' removed"])
        }
    }
}
