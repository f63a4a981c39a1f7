import ArgumentParser
import Foundation
import SpoolApp

/// `spool login`: gets a token and saves it for later commands.
struct Login: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Log in and save the token for this server.",
        discussion: """
            Prompts for the password without echo (or reads it from standard input with \
            --password-stdin) and saves the session token, readable only by you, in \
            $XDG_CONFIG_HOME/spool/credentials (default ~/.config/spool/credentials). With --api-token \
            a named API token that does not expire is saved instead. With --print the token is printed \
            and not saved, e.g. for `export SPOOL_TOKEN=$(spool login --print)`.
            Examples:
              spool login
              spool login --username alice --server http://nas:3000
              printf '%s\\n' "$PASSWORD" | spool login --password-stdin --api-token
            """
    )

    @OptionGroup var connection: ConnectionOptions

    @Option(name: [.customShort("u"), .long], help: "User name (asked for on a terminal; default admin).")
    var username: String?

    @Flag(help: "Read the password from the first line of standard input.")
    var passwordStdin = false

    @Flag(help: "Save a named API token (never expires; revoke with `spool token revoke`) instead of a session.")
    var apiToken = false

    @Option(help: ArgumentHelp("Name of the API token (default spool-cli@HOST).", valueName: "name"))
    var tokenName: String?

    @Flag(help: "Print the token instead of saving it.")
    var print = false

    func run() async throws {
        let server = try connection.serverURL()
        let user = try askUsername()
        let password = try askPassword(user: user, server: server)
        warnIfCleartext(server)
        try await SpoolClient.withClient(server: server, token: nil, configuration: connection.clientConfiguration) { anonymous in
            let session = try await anonymous.login(username: user, password: password)
            var entry = CredentialStore.Entry(token: session.token, username: session.user.username, kind: "session", expiresAt: session.expiresAt)
            if apiToken {
                let client = anonymous.with(token: session.token)
                let name = tokenName ?? "spool-cli@\(ProcessInfo.processInfo.hostName)"
                let created = try await client.createToken(name: name)
                try? await client.logout()
                entry = CredentialStore.Entry(token: created.token, username: entry.username, kind: "api", expiresAt: nil)
            }
            if print {
                CommandOutput.print([entry.token])
                return
            }
            let store = connection.credentials
            try store.save(entry, for: server)
            let until = entry.expiresAt.map { " until \(HumanFormat.date($0))" } ?? ""
            let role = " (\(session.user.role.rawValue))"
            Terminal.writeError("Logged in to \(server) as \(entry.username ?? user)\(role); \(entry.kind) token saved\(until) in \(store.path)\n")
        }
    }

    private func askUsername() throws -> String {
        if let username, !username.isEmpty { return username }
        guard Terminal.stdinIsTTY, !passwordStdin else { return "admin" }
        let answer = Terminal.readLine(prompt: "User name [admin]: ")?.trimmingCharacters(in: .whitespaces) ?? ""
        return answer.isEmpty ? "admin" : answer
    }

    private func askPassword(user: String, server: String) throws -> String {
        if passwordStdin {
            guard let line = Swift.readLine(strippingNewline: true), !line.isEmpty else {
                throw ClientError(.usage, "no password on standard input")
            }
            return line
        }
        guard Terminal.stdinIsTTY else {
            throw ClientError(.usage, "standard input is not a terminal; pass the password with --password-stdin")
        }
        guard let password = try Terminal.readSecret(prompt: "Password for \(user) at \(server): "), !password.isEmpty else {
            throw ClientError(.usage, "login aborted")
        }
        return password
    }

    /// Passwords over plain HTTP are fine on loopback, worth a warning elsewhere.
    private func warnIfCleartext(_ server: String) {
        guard server.lowercased().hasPrefix("http://"), let host = URL(string: server)?.host?.lowercased() else { return }
        let loopback = host == "localhost" || host.hasPrefix("127.") || host == "::1" || host == "[::1]"
        if !loopback { CommandOutput.warn("warning: sending the password over unencrypted HTTP to \(host)") }
    }
}
