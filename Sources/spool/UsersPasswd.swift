import ArgumentParser
import SpoolApp
import SpoolAPIModels

/// `spool users passwd NAME`: sets a user's password (read from standard input) and ends its
/// other sessions and tokens.
struct UsersPasswd: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "passwd", abstract: "Set a user's password (read from standard input).")

    @OptionGroup var connection: ConnectionOptions

    @Argument(help: "Login name or id.")
    var username: String

    @Option(help: "Your current password, when you are not an admin and change your own.")
    var current: String?

    func run() async throws {
        let password = try Self.readPassword()
        try await connection.withClient { client in
            let id: Int64
            if let numeric = Int64(username) {
                id = numeric
            } else {
                id = try await client.user(named: username).id
            }
            try await client.setPassword(id, SetPasswordRequest(password: password, currentPassword: current))
            Terminal.writeError("Set the password of \(username)\n")
        }
    }

    /// The first line of standard input, at least 8 characters.
    static func readPassword() throws -> String {
        guard let line = readLine(strippingNewline: true), line.count >= 8 else {
            throw ValidationError("give a password of at least 8 characters on standard input")
        }
        return line
    }
}
