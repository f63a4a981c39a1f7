import Foundation
import Logging
import SpoolApp
import SpoolCore
import SpoolSQLite
import Testing

@Suite("Administration commands in the audit log")
struct AdministrationAuditTests {
    @Test("spool user add and spool user token record cli entries, without the password or the token")
    func localCommandsAreAudited() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("spool-admin-audit-\(UUID().uuidString.prefix(8))")
        defer { try? FileManager.default.removeItem(at: folder) }
        var configuration = SpoolConfiguration()
        configuration.storage.databasePath = folder.appendingPathComponent("spool.sqlite").path
        configuration.server.bcryptCost = 4
        let logger = Logger(label: "spool.test")
        let user = try await Administration.addUser(configuration, username: "carol", password: "carol-password", role: .viewer, logger: logger)
        let token = try await Administration.createToken(configuration, username: "carol", name: "backup", logger: logger)

        let database = try SQLiteDatabase.open(path: configuration.storage.databasePath, logger: logger)
        let entries = try await SQLiteAuditStore(database: database).entries(AuditQuery()).entries
        #expect(entries.map(\.action) == ["token.create", "user.create"])
        #expect(entries.allSatisfy { $0.actor == .cli && $0.outcome == .success })
        #expect(entries.last?.target == AuditTarget(kind: "user", id: String(user.id)))
        let tokenID = try #require(entries.first?.target?.id)
        #expect(token.hasPrefix("spl_\(tokenID)_"))
        #expect(!"\(entries)".contains("carol-password") && !"\(entries)".contains(token))
    }
}
