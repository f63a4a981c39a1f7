import ArgumentParser
import SpoolApp

/// `spool logout`: ends the session and forgets the saved token.
struct Logout: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "End the session and forget the token saved for this server.",
        discussion: "A saved API token is only forgotten here; revoke it with `spool token revoke ID`."
    )

    @OptionGroup var connection: ConnectionOptions

    func run() async throws {
        let server = try connection.serverURL()
        let store = connection.credentials
        let saved = store.entry(for: server)
        let token = connection.resolvedToken(for: server)
        if let token, saved?.kind != "api" {
            do {
                try await SpoolClient.withClient(server: server, token: token, configuration: connection.clientConfiguration) { try await $0.logout() }
            } catch let error as ClientError where error.kind == .auth {
                // Already expired or revoked: nothing to end on the server.
            }
        }
        let forgot = try store.remove(server: server)
        guard token != nil || forgot else { throw ClientError(.auth, "not logged in to \(server)") }
        Terminal.writeError("Logged out of \(server)\(forgot ? "; saved token removed from \(store.path)" : "")\n")
    }
}
