import ArgumentParser
import SpoolApp
import SpoolCore

/// `spool move ID top|up|down|bottom`.
struct Move: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Move a waiting job within its queue (within its priority class).",
        discussion: """
            Examples:
              spool move 3f2a top
              spool move 3f2a down
            """
    )

    @OptionGroup var connection: ConnectionOptions

    @Argument(help: ArgumentHelp("Job id or unique prefix.", valueName: "id"))
    var id: String

    @Argument(help: "Where to: top, up, down or bottom.")
    var direction: MoveChoice

    func run() async throws {
        try await connection.withClient { client in
            let id = try await client.resolveJobID(id)
            guard let move = QueueMove(rawValue: direction.rawValue) else { throw ValidationError("unknown direction") }
            let job = try await client.move(id, to: move)
            let position = " (position \(job.queuePosition))"
            CommandOutput.print(["\(HumanFormat.shortID(job.id))  moved \(direction.rawValue)\(position)  \(job.displayName)"])
        }
    }
}
