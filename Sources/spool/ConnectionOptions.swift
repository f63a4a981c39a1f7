import ArgumentParser
import Foundation
import SpoolApp

/// `--server` and `--token`, shared by every client command.
struct ConnectionOptions: ParsableArguments {
    @Option(help: ArgumentHelp(
        "Server address (env SPOOL_SERVER, default \(SpoolClient.defaultServer)).",
        valueName: "url"))
    var server: String?

    @Option(help: ArgumentHelp(
        "API or session token (env SPOOL_TOKEN, else the one saved by `spool login`).",
        valueName: "token"))
    var token: String?

    @Option(help: ArgumentHelp(
        "PEM file of the certificate authority that signed an https server's certificate (env SPOOL_CA_FILE; default: the system's).",
        valueName: "file"))
    var cacert: String?

    /// The client's settings: the CA file from `--cacert` or `SPOOL_CA_FILE`.
    var clientConfiguration: SpoolClient.Configuration {
        let file = cacert ?? ProcessInfo.processInfo.environment["SPOOL_CA_FILE"].flatMap { $0.isEmpty ? nil : $0 }
        return SpoolClient.Configuration(caFile: file)
    }

    /// The normalised server URL from the flag, the environment or the default.
    func serverURL() throws -> String {
        let environment = ProcessInfo.processInfo.environment
        let text = server ?? environment["SPOOL_SERVER"].flatMap { $0.isEmpty ? nil : $0 } ?? SpoolClient.defaultServer
        return try SpoolClient.normalizedServerURL(text)
    }

    /// The token from the flag, `SPOOL_TOKEN`, or the credentials file, in that order.
    func resolvedToken(for server: String) -> String? {
        if let token, !token.isEmpty { return token }
        if let token = ProcessInfo.processInfo.environment["SPOOL_TOKEN"], !token.isEmpty { return token }
        return credentials.entry(for: server)?.token
    }

    /// Where `spool login` keeps tokens.
    var credentials: CredentialStore { CredentialStore(path: CredentialStore.defaultPath()) }

    /// Runs `body` with a client for the chosen server and token.
    func withClient<Result: Sendable>(authenticated: Bool = true, _ body: (SpoolClient) async throws -> Result) async throws -> Result {
        let url = try serverURL()
        return try await SpoolClient.withClient(server: url, token: authenticated ? resolvedToken(for: url) : nil, configuration: clientConfiguration, body)
    }
}
