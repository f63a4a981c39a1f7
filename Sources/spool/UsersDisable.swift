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
        try await UsersDisable.set(disabled: true, username: username, connection: connection)
    }

    /// Disables or enables a user by name or id and says so.
    static func set(disabled: Bool, username: String, connection: ConnectionOptions) async throws {
        try await connection.withClient { client in
            let user = try await client.updateUser(try await client.user(named: username).id, UpdateUserRequest(disabled: disabled))
            Terminal.writeError("\(disabled ? "Disabled" : "Enabled") \(user.username)\n")
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
        try await UsersDisable.set(disabled: false, username: username, connection: connection)
    }
}
