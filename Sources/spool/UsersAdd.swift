import ArgumentParser
import SpoolApp
import SpoolAPIModels
import SpoolCore

/// `spool users add NAME [--role ROLE]`: the password comes from standard input.
struct UsersAdd: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "add", abstract: "Add a user; the password is read from standard input.")

    @OptionGroup var connection: ConnectionOptions

    @Argument(help: "Login name.")
    var username: String

    @Option(help: "Role: admin, user or viewer.")
    var role: String = "user"

    func run() async throws {
        guard let role = Role(rawValue: role) else { throw ValidationError("role must be admin, user or viewer") }
        let password = try UsersPasswd.readPassword()
        try await connection.withClient { client in
            let user = try await client.createUser(CreateUserRequest(username: username, password: password, role: role))
            Terminal.writeError("Added \(user.username) (\(user.role.rawValue)), id \(user.id)\n")
        }
    }
}
