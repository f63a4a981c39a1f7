#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// The CLI's saved tokens, one per server, in `$XDG_CONFIG_HOME/spool/credentials` (mode 0600).
///
/// The file is JSON: `{"version":1,"servers":{"http://127.0.0.1:3000":{"token":…,"username":…,…}}}`.
/// It is replaced atomically (a new file created 0600, then renamed), so it is never readable by others.
public struct CredentialStore: Sendable {
    /// A saved credential.
    public struct Entry: Sendable, Codable, Hashable {
        /// The bearer token.
        public var token: String
        /// Who it belongs to, when known.
        public var username: String?
        /// `session` (from login, expires) or `api` (a named API token).
        public var kind: String
        /// When it stops working, if ever.
        public var expiresAt: Date?

        /// Creates an entry.
        public init(token: String, username: String?, kind: String, expiresAt: Date?) {
            self.token = token
            self.username = username
            self.kind = kind
            self.expiresAt = expiresAt
        }
    }

    private struct File: Codable {
        var version = 1
        var servers: [String: Entry] = [:]
    }

    /// Path of the credentials file.
    public let path: String

    /// Creates a store on a file.
    public init(path: String) {
        self.path = path
    }

    /// The default location: `$XDG_CONFIG_HOME/spool/credentials`, else `~/.config/spool/credentials`.
    public static func defaultPath(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let base = environment["XDG_CONFIG_HOME"], base.hasPrefix("/") {
            return base + "/spool/credentials"
        }
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        return home + "/.config/spool/credentials"
    }

    /// The saved, unexpired entry for a server (normalised URL), if any.
    public func entry(for server: String, now: Date = Date()) -> Entry? {
        guard let entry = (try? load())?.servers[server] else { return nil }
        if let expiresAt = entry.expiresAt, expiresAt <= now { return nil }
        return entry
    }

    /// Saves (or replaces) the entry of a server.
    ///
    /// - Throws: ``ClientError`` when the file cannot be written.
    public func save(_ entry: Entry, for server: String) throws {
        var file = (try? load()) ?? File()
        file.servers[server] = entry
        try write(file)
    }

    /// Forgets a server's entry; returns whether there was one.
    @discardableResult
    public func remove(server: String) throws -> Bool {
        guard var file = try? load(), file.servers.removeValue(forKey: server) != nil else { return false }
        try write(file)
        return true
    }

    private func load() throws -> File {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        return try ClientJSON.makeDecoder().decode(File.self, from: data)
    }

    private func write(_ file: File) throws {
        let directory = (path as NSString).deletingLastPathComponent
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw ClientError(.general, "cannot create \(directory): \(error.localizedDescription)")
        }
        let data = try ClientJSON.makeEncoder(pretty: true).encode(file)
        let temporary = path + ".tmp.\(getpid())"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_EXCL, 0o600)
        guard descriptor >= 0 else {
            throw ClientError(.general, "cannot write \(temporary): \(String(cString: strerror(errno)))")
        }
        let written = data.withUnsafeBytes { systemWrite(descriptor, $0.baseAddress, $0.count) }
        let synced = fsync(descriptor) == 0
        close(descriptor)
        guard written == data.count, synced, rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw ClientError(.general, "cannot write \(path): \(reason)")
        }
    }
}
