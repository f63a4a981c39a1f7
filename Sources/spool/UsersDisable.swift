import ArgumentParser
import SpoolApp
import SpoolAPIModels

/// `spool users disable NAME`: the user can no longer log in; its sessions and tokens end now.
struct UsersDisable: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "disable", abstract: "Disable a user and end its sessions and tokens.")

    @OptionGroup var connection: ConnectionOptions

    @Argument(help: "Login name or id.")
    var username: String

    func run() async throws {
        try await connection.withClient { client in
            let user = try await client.updateUser(try await client.user(named: username).id, UpdateUserRequest(disabled: true))
            Terminal.writeError("Disabled \(user.username)\n")
        }
    }
}

/// `spool users enable NAME`.
struct UsersEnable: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "enable", abstract: "Enable a disabled user.")

    @OptionGroup var connection: ConnectionOptions

    @Argument(help: "Login name or id.")
    var username: String

    func run() async throws {
        try await connection.withClient { client in
            let user = try await client.updateUser(try await client.user(named: username).id, UpdateUserRequest(disabled: false))
            Terminal.writeError("Enabled \(user.username)\n")
        }
    }
}
