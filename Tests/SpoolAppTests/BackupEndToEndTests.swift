import Foundation
import SpoolCore
import SpoolSQLite
import SpoolTesting
import Testing

extension EndToEnd {
    @Suite("Backup")
    struct Backup {
        @Test("spool backup while jobs are being added writes an intact copy with every job added before it")
        func backupWhileRunning() async throws {
            try await withSpool(environment: ["MAX_RETRIES": "0"]) { server, client in
                var acknowledged: [String] = []
                for index in 0..<40 {
                    let added = try await client.send("POST", "/api/jobs", json: ["url": "http://127.0.0.1:9/before-\(index).mp4"])
                    try #require(added.status == 201, "\(added.raw)")
                    acknowledged.append(try #require(added.body["job"]?["id"]?.stringValue))
                }
                let adder = Task {
                    var index = 0
                    while !Task.isCancelled {
                        _ = try? await client.send("POST", "/api/jobs", json: ["url": "http://127.0.0.1:9/during-\(index).mp4"])
                        index += 1
                    }
                }
                let copy = server.dataDirectory.appendingPathComponent("backups/copy.sqlite")
                try FileManager.default.createDirectory(at: copy.deletingLastPathComponent(), withIntermediateDirectories: true)
                let environment: [String: String?] = ["DB_PATH": server.dataDirectory.appendingPathComponent("spool.sqlite").path, "MEDIA_ROOT": server.mediaRoot.path]
                let backup = try await ChildRun.run(SpoolProcess.binary, ["backup", copy.path], environment: environment)
                adder.cancel()
                _ = await adder.value
                #expect(backup.status == 0, "\(backup.output)")
                #expect(backup.output.contains("jobs"), "\(backup.output)")

                let database = try SQLiteDatabase.openExisting(path: copy.path)
                #expect(try await database.quickCheck().isEmpty)
                let store = SQLiteJobStore(database: database)
                for id in acknowledged {
                    #expect(try await store.job(JobID(id)) != nil, "job \(id) is in the copy")
                }
                try database.close()

                let again = try await ChildRun.run(SpoolProcess.binary, ["backup", copy.path], environment: environment)
                #expect(again.status == 2, "an existing file is not overwritten without --replace: \(again.output)")
                #expect(again.output.contains("--replace"))
            }
        }

        @Test("spool doctor in a folder without a database says so and creates nothing")
        func doctorWithoutDatabase() async throws {
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("spool-doctor-\(UUID().uuidString.prefix(8))")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: folder) }
            let doctor = try await ChildRun.run(SpoolProcess.binary, ["doctor"], environment: ["DB_PATH": nil, "MEDIA_ROOT": nil], directory: folder)
            #expect(doctor.status == 1, "\(doctor.output)")
            #expect(doctor.output.contains("FAIL  database"), "\(doctor.output)")
            #expect(doctor.output.contains("no database at ./data/spool.sqlite"), "\(doctor.output)")
            #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty, "doctor created files")

            let backup = try await ChildRun.run(SpoolProcess.binary, ["backup", "copy.sqlite"], environment: ["DB_PATH": nil], directory: folder)
            #expect(backup.status == 4, "\(backup.output)")
            #expect(backup.output.contains("there is no database"))
        }
    }
}
