import ArgumentParser
import SpoolApp

/// `spool pause ID…`.
struct Pause: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Pause jobs: stop the running tool and keep partial files.",
        discussion: "Example: spool pause 3f2a 9bc1"
    )

    @OptionGroup var connection: ConnectionOptions

    @Argument(help: ArgumentHelp("Job ids or unique prefixes.", valueName: "id"))
    var ids: [String]

    func run() async throws { try await JobActionCommand.run(.pause, ids: ids, connection: connection) }
}
