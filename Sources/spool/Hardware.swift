import ArgumentParser
import SpoolApp

/// `spool hw`: which hardware video encoders work on the server's machine.
struct Hardware: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hw",
        abstract: "Show the hardware video encoders ffmpeg has on the server, each with ok or why it fails.",
        discussion: """
            `ffmpeg -encoders` only says what ffmpeg was built with; the server tests each candidate
            with a short real encode, once, and keeps the result. --detect tests again.
            Examples:
              spool hw
              spool hw --detect
            """
    )

    @OptionGroup var connection: ConnectionOptions

    @Flag(help: "Test every hardware encoder again instead of showing the last detection.")
    var detect = false

    @Flag(help: "Print the API's JSON.")
    var json = false

    func run() async throws {
        try await connection.withClient { client in
            let report = try await client.hardware(detect: detect)
            if json {
                try CommandOutput.printJSON(report)
            } else {
                CommandOutput.print(HardwareReportText(report: report).lines())
            }
        }
    }
}
