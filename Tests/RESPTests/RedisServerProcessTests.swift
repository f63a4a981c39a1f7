import Foundation
import RESP
import SpoolTesting
import Testing

@Suite("Test redis-server launcher")
struct RedisServerProcessTests {
    @Test("stop and restart on the same port keep AOF data; destroy removes the data folder")
    func stopRestartDestroy() async throws {
        let server = try await RedisServerProcess.start(appendOnly: true, password: "pw")
        let port = server.port
        try await server.withConnection { try await $0.set("kept", to: "yes") }
        await server.stop()
        #expect(server.pid == nil)
        #expect(server.log.contains("ready to exit"))
        await #expect(throws: RedisError.self) {
            _ = try await RedisConnection.connect(configuration: RedisConfiguration(port: port), logger: testLogger)
        }
        try await server.restart()
        #expect(server.port == port && server.pid != nil)
        #expect(try await server.withConnection { try await $0.get("kept") } == "yes")
        #expect(FileManager.default.fileExists(atPath: server.directory.appendingPathComponent("appendonlydir").path))
        await server.destroy()
        #expect(server.pid == nil)
        #expect(!FileManager.default.fileExists(atPath: server.directory.path))
    }

    @Test("two servers get different ports")
    func distinctPorts() async throws {
        try await RedisServerProcess.withServer { first in
            try await RedisServerProcess.withServer { second in
                #expect(first.port != second.port)
                let configured = try await second.withConnection { try await $0.send("CONFIG", "GET", "port").stringMap?["port"]?.string }
                #expect(configured == String(second.port))
            }
        }
    }
}
