import ArgumentParser
import SpoolApp

/// `spool users rm NAME`.
struct UsersRemove: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "rm", abstract: "Delete a user and its tokens.", aliases: ["remove"])

    @OptionGroup var connection: ConnectionOptions

    @Argument(help: "Login name or id.")
    var username: String

    func run() async throws {
        try await connection.withClient { client in
            let user = try await client.user(named: username)
            try await client.deleteUser(user.id)
            Terminal.writeError("Deleted user \(user.username)\n")
        }
    }
}
