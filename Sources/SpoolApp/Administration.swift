import Foundation
import Logging
import SpoolAPI
import SpoolCore
import SpoolMedia
import SpoolSQLite
import SpoolStorage

/// The administration commands (`migrate`, `doctor`, `user add`) run against the local database.
public enum Administration {
    /// Creates or upgrades the database; returns the applied migration names.
    public static func migrate(_ configuration: SpoolConfiguration, logger: Logger) async throws -> [String] {
        let database = try SQLiteDatabase.open(path: configuration.storage.databasePath, logger: logger)
        return try await database.appliedMigrations()
    }

    /// Adds a user; returns it.
    public static func addUser(_ configuration: SpoolConfiguration, username: String, password: String, role: Role, logger: Logger) async throws -> User {
        let database = try SQLiteDatabase.open(path: configuration.storage.databasePath, logger: logger)
        let user = try await createUser(auth: SQLiteAuthStore(database: database), username: username, password: password, role: role, bcryptCost: UInt8(configuration.server.bcryptCost))
        _ = try await SQLiteAuditStore(database: database).append(AuditEntry(
            actor: .cli, action: "user.create", target: AuditTarget(kind: "user", id: String(user.id)),
            detail: ["username": .string(user.username), "role": .string(user.role.rawValue)]
        ))
        return user
    }

    /// Creates an API token for a user without a running server; returns the secret.
    public static func createToken(_ configuration: SpoolConfiguration, username: String, name: String, logger: Logger) async throws -> String {
        let database = try SQLiteDatabase.open(path: configuration.storage.databasePath, logger: logger)
        let token = try await createAPIToken(auth: SQLiteAuthStore(database: database), username: username, name: name)
        _ = try await SQLiteAuditStore(database: database).append(AuditEntry(
            actor: .cli, action: "token.create", target: AuditTarget(kind: "token", id: String(token.split(separator: "_").dropFirst().first ?? "")),
            detail: ["username": .string(username), "name": .string(name)]
        ))
        return token
    }

    /// Copies the database to `destination` while the server may be running (SQLite's online
    /// backup; see ``SQLiteDatabase/backup(to:replace:)``).
    public static func backup(_ configuration: SpoolConfiguration, to destination: String, replace: Bool) throws -> SQLiteBackupSummary {
        let database = try SQLiteDatabase.openExisting(path: configuration.storage.databasePath)
        defer { try? database.close() }
        return try database.backup(to: destination, replace: replace)
    }

    /// Replaces the database with a backup (see ``SQLiteDatabase/restore(from:to:)``).
    public static func restore(_ configuration: SpoolConfiguration, from backup: String) throws -> (restored: SQLiteBackupSummary, previous: String?) {
        try SQLiteDatabase.restore(from: backup, to: configuration.storage.databasePath)
    }

    /// One line of `spool doctor`'s report.
    public struct Check: Sendable {
        /// What was checked.
        public var name: String
        /// Whether it is fine.
        public var ok: Bool
        /// What was found.
        public var detail: String
        /// Whether a failure is only information (a hardware encoder that does not work here
        /// leaves Spool fully usable: it encodes in software).
        public var optional = false
    }

    /// Checks the tools, the media folders and the database; never throws.
    public static func doctor(_ configuration: SpoolConfiguration, logger: Logger) async -> [Check] {
        var checks: [Check] = []
        let tools = await ToolVersions.detect(ytDlp: configuration.tools.ytdlpPath, ffmpeg: configuration.tools.ffmpegPath, ffprobe: configuration.tools.ffprobePath)
        for (name, status) in [("yt-dlp", tools.ytDlp), ("ffmpeg", tools.ffmpeg), ("ffprobe", tools.ffprobe)] {
            switch status {
            case .available(let version): checks.append(Check(name: name, ok: true, detail: version))
            case .missing(let reason), .failed(let reason): checks.append(Check(name: name, ok: false, detail: reason))
            }
        }
        let hardware = await FFmpegHardwareDetector(
            FFmpeg(executable: configuration.tools.ffmpegPath, killGrace: .milliseconds(500)), timeout: configuration.processing.probeTimeout
        ).detect()
        checks += hardwareChecks(hardware)
        checks += notificationChecks(configuration.notifications)
        let paths = configuration.storage.mediaPaths
        guard FileManager.default.fileExists(atPath: paths.mediaRoot) else {
            checks.append(Check(name: "media folders", ok: false, detail: "\(paths.mediaRoot) (MEDIA_ROOT) does not exist; `spool serve` creates it"))
            checks.append(await databaseCheck(configuration.storage.databasePath))
            return checks
        }
        do {
            let volume = try LocalMediaStorage(paths: paths).volumeStatus()
            let enough = volume.freeBytes >= configuration.storage.minFreeBytes
            checks.append(Check(name: "disk", ok: enough, detail: "\(ByteCount.format(volume.freeBytes)) free in \(paths.mediaRoot)" + (enough ? "" : " (below MIN_FREE_SPACE \(ByteCount.format(configuration.storage.minFreeBytes)))")))
            checks.append(Check(name: "media folders", ok: volume.writable, detail: volume.writable ? "library and tmp are writable" : "library or tmp is not writable"))
        } catch {
            checks.append(Check(name: "disk", ok: false, detail: "\(error)"))
        }
        checks.append(await databaseCheck(configuration.storage.databasePath))
        return checks
    }

    /// The database line of `spool doctor`: opened as it is (a missing file is reported, not
    /// created; pending migrations are reported, not applied).
    static func databaseCheck(_ path: String) async -> Check {
        do {
            let database = try SQLiteDatabase.openExisting(path: path)
            defer { try? database.close() }
            let problems = try await database.quickCheck()
            guard problems.isEmpty else {
                return Check(name: "database", ok: false, detail: "\(path): " + problems.prefix(3).joined(separator: "; "))
            }
            let version = try await database.sqliteVersion()
            let migrations = try await database.appliedMigrations()
            let pending = try await database.pendingMigrations()
            let upgrade = pending.isEmpty ? "" : "; \(pending.count) migrations pending (\(pending.joined(separator: ", "))): `spool migrate` or `spool serve` applies them"
            return Check(name: "database", ok: true, detail: "\(path): SQLite \(version), \(migrations.count) migrations, integrity ok" + upgrade)
        } catch let error as SpoolError where error.code == .notFound {
            return Check(name: "database", ok: false, detail: "no database at \(path) (DB_PATH); `spool serve` or `spool migrate` creates it")
        } catch {
            return Check(name: "database", ok: false, detail: "\(error)")
        }
    }

    /// The notification hooks: the `apprise` command when APPRISE_URLS is set, and the done-scripts
    /// when set (each must be an executable file).
    static func notificationChecks(_ settings: NotificationSettings) -> [Check] {
        var checks: [Check] = []
        if !settings.appriseURLs.isEmpty {
            let found = ExecutableLocator.locate(settings.apprisePath)
            checks.append(Check(
                name: "apprise", ok: found != nil,
                detail: found.map { "\($0) (\(settings.appriseURLs.count) URL\(settings.appriseURLs.count == 1 ? "" : "s"))" }
                    ?? "APPRISE_URLS is set but '\(settings.apprisePath)' was not found: pip install apprise, or set APPRISE_PATH"
            ))
        }
        for (name, script) in [("DONE_SCRIPT", settings.doneScript), ("FAILED_SCRIPT", settings.failedScript)] {
            guard let script else { continue }
            let found = ExecutableLocator.locate(script)
            checks.append(Check(name: name, ok: found != nil, detail: found ?? "'\(script)' is not an executable file"))
        }
        return checks
    }

    /// One line per hardware encoder ffmpeg has: works, or the reason it does not.
    static func hardwareChecks(_ report: HardwareReport) -> [Check] {
        if let error = report.error {
            return [Check(name: "hardware encoders", ok: false, detail: error, optional: true)]
        }
        guard !report.encoders.isEmpty else {
            return [Check(name: "hardware encoders", ok: false, detail: "ffmpeg has none; transcodes run in software", optional: true)]
        }
        return report.encoders.map { encoder in
            Check(name: encoder.name, ok: encoder.works, detail: encoder.works ? "works" : encoder.error ?? "does not work", optional: true)
        }
    }
}
