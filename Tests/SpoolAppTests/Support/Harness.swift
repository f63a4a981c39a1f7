import Foundation
import SpoolTesting

/// Runs `body` with a started `spool serve` and an admin client; always stops the server.
/// `beforeStart` may prepare its folders (leave files behind, as a crash would).
func withSpool<T: Sendable>(
    environment: [String: String] = [:], beforeStart: (SpoolProcess) throws -> Void = { _ in },
    _ body: (SpoolProcess, E2EClient) async throws -> T
) async throws -> T {
    let server = try SpoolProcess(environment: environment)
    do {
        try beforeStart(server)
        try await server.start()
        let client = try await E2EClient.login(server)
        let result = try await body(server, client)
        await server.destroy()
        return result
    } catch {
        print("spool output:\n\(server.output.suffix(4_000))")
        await server.destroy()
        throw error
    }
}

/// Runs `body` with a media server for `directory`; always stops it.
func withMediaServer<T: Sendable>(_ directory: URL, bytesPerSecond: Int? = nil, _ body: (MediaServer) async throws -> T) async throws -> T {
    let files = try await MediaServer.start(directory: directory, bytesPerSecond: bytesPerSecond)
    do {
        let result = try await body(files)
        try? await files.shutdown()
        return result
    } catch {
        try? await files.shutdown()
        throw error
    }
}
