import Foundation
import SpoolAPI

/// The HTTP side: where it listens, request limits, the web UI, sessions and the first admin.
public struct ServerSettings: Sendable {
    /// Address to bind (HOST, default 0.0.0.0).
    public var host: String = "0.0.0.0"
    /// Port (PORT, default 3000).
    public var port: Int = 3000
    /// Largest request body (MAX_BODY_BYTES, default 65536).
    public var maxBodyBytes: Int = 65_536
    /// Folder with the web UI (PUBLIC_DIR; default ./Public when present).
    public var publicDirectory: String?
    /// Login session lifetime (SESSION_TTL, default 7d).
    public var sessionTTL: Duration = .seconds(7 * 86_400)
    /// bcrypt cost (BCRYPT_COST, default 10).
    public var bcryptCost: Int = 10
    /// Failed logins per client address over all user names (LOGIN_FAILURES_PER_ADDRESS, default
    /// 30/10m; 0: no limit).
    public var loginFailuresPerAddress = APIDependencies.Configuration.defaultLoginAddressRateLimit
    /// Failed logins per user name at one client address (LOGIN_FAILURES_PER_USER, default 10/1m;
    /// 0: no limit).
    public var loginFailuresPerUser = APIDependencies.Configuration.defaultLoginRateLimit
    /// Whether /metrics needs no token (METRICS_PUBLIC, default false).
    public var metricsPublic: Bool = false
    /// Password for the first admin (SPOOL_ADMIN_PASSWORD); generated and printed once if unset.
    public var adminPassword: String?
    /// Extra Host names the Transmission RPC answers (TRANSMISSION_HOST_WHITELIST, comma-separated,
    /// `*` wildcards; localhost, IP addresses and HOST always pass).
    public var transmissionHostWhitelist: [String] = []

    /// Defaults.
    public init() {}

    init(reader: EnvironmentReader) throws {
        host = reader.string("HOST") ?? host
        port = try reader.int("PORT", range: 0...65_535) ?? port
        maxBodyBytes = try reader.int("MAX_BODY_BYTES", range: 1_024...(64 << 20)) ?? maxBodyBytes
        publicDirectory = reader.string("PUBLIC_DIR")
        sessionTTL = try reader.duration("SESSION_TTL") ?? sessionTTL
        bcryptCost = try reader.int("BCRYPT_COST", range: 4...16) ?? bcryptCost
        loginFailuresPerAddress = try reader.rate("LOGIN_FAILURES_PER_ADDRESS") ?? loginFailuresPerAddress
        loginFailuresPerUser = try reader.rate("LOGIN_FAILURES_PER_USER") ?? loginFailuresPerUser
        metricsPublic = try reader.bool("METRICS_PUBLIC") ?? metricsPublic
        adminPassword = reader.string("SPOOL_ADMIN_PASSWORD")
        transmissionHostWhitelist = (reader.string("TRANSMISSION_HOST_WHITELIST") ?? "")
            .split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    /// PUBLIC_DIR, else `./Public` when it exists.
    var resolvedPublicDirectory: String? {
        if let publicDirectory { return publicDirectory }
        let local = FileManager.default.currentDirectoryPath + "/Public"
        return FileManager.default.fileExists(atPath: local + "/index.html") ? local : nil
    }
}
