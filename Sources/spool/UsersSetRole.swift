import ArgumentParser
import SpoolApp
import SpoolAPIModels
import SpoolCore

/// `spool users set-role NAME ROLE`.
struct UsersSetRole: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "set-role", abstract: "Change a user's role (admin, user or viewer).")

    @OptionGroup var connection: ConnectionOptions

    @Argument(help: "Login name or id.")
    var username: String

    @Argument(help: "admin, user or viewer.")
    var role: String

    func run() async throws {
        guard let role = Role(rawValue: role) else { throw ValidationError("role must be admin, user or viewer") }
        try await connection.withClient { client in
            let user = try await client.updateUser(try await client.user(named: username).id, UpdateUserRequest(role: role))
            Terminal.writeError("\(user.username) is now \(user.role.rawValue)\n")
        }
    }
}
