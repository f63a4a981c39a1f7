import ArgumentParser
import SpoolApp

/// `spool processing show NAME`: every setting of a processing profile.
struct ProcessingShow: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show every setting of a processing profile.",
        discussion: """
            Examples:
              spool processing show 720p-hevc
              spool processing show phone --json
            """,
        aliases: ["info"]
    )

    @OptionGroup var connection: ConnectionOptions

    @Argument(help: ArgumentHelp("The profile's name.", valueName: "name"))
    var name: String

    @Flag(help: "Print the API's JSON.")
    var json = false

    func run() async throws {
        try await connection.withClient { client in
            let profile = try await client.processingProfile(name)
            if json {
                try CommandOutput.printJSON(profile)
            } else {
                CommandOutput.print(ProcessingProfileReport(profile: profile).lines())
            }
        }
    }
}
