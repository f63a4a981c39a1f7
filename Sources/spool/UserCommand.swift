import ArgumentParser
import Foundation
import Logging
import SpoolApp
import SpoolCore

/// `spool user …`: user administration on the local database.
struct UserCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user",
        abstract: "Manage users in the local database.",
        subcommands: [UserAdd.self, UserToken.self]
    )
}

/// `spool user add NAME`.
struct UserAdd: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "add", abstract: "Add a user; the password is read from standard input.")

    @OptionGroup var options: ServerOptions

    @Argument(help: "Login name.")
    var username: String

    @Option(help: "Role: admin, user or viewer.")
    var role: String = "user"

    func run() async throws {
        guard let role = Role(rawValue: role) else { throw ValidationError("role must be admin, user or viewer") }
        let password = try UsersPasswd.readPassword()
        let user = try await Administration.addUser(try options.configuration(), username: username, password: password, role: role, logger: Logger(label: "spool.user"))
        print("added \(user.username) (\(user.role.rawValue))")
    }
}

/// `spool user token NAME TOKEN_NAME`: an API token without a running server.
struct UserToken: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "token", abstract: "Create an API token for a user directly in the database.")

    @OptionGroup var options: ServerOptions

    @Argument(help: "Login name.")
    var username: String

    @Argument(help: "A label for the token.")
    var name: String = "cli"

    func run() async throws {
        print(try await Administration.createToken(try options.configuration(), username: username, name: name, logger: Logger(label: "spool.user")))
    }
}
