import AsyncHTTPClient
import Foundation
import Logging
import SpoolTesting
import Synchronization
import YandexVOT

/// Helpers shared by the VOT client tests.
enum VOTTestSupport {
    /// Runs `body` with a started mock and an HTTP client, stopping both afterwards.
    @discardableResult
    static func withMock<Result: Sendable>(
        _ configuration: MockVOTServer.Configuration = MockVOTServer.Configuration(),
        _ body: (MockVOTServer, HTTPClient) async throws -> Result
    ) async throws -> Result {
        let server = try await MockVOTServer.start(configuration)
        var http = HTTPClient.Configuration()
        http.connectionPool.retryConnectionEstablishment = false
        let httpClient = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: http)
        do {
            let result = try await body(server, httpClient)
            try await httpClient.shutdown()
            try await server.shutdown()
            return result
        } catch {
            try? await httpClient.shutdown()
            try? await server.shutdown()
            throw error
        }
    }

    /// A client of `server` (direct or worker mode as the server expects, unless told otherwise).
    static func client(
        _ server: MockVOTServer, _ httpClient: HTTPClient, workerProxy: Bool? = nil, _ adjust: (inout VOTClient.Configuration) -> Void = { _ in }
    ) -> VOTClient {
        var configuration = VOTClient.Configuration(host: server.baseURL, workerProxy: workerProxy ?? server.configuration.workerMode)
        adjust(&configuration)
        return VOTClient(configuration: configuration, httpClient: httpClient, logger: Logger(label: "vot-tests"))
    }

    /// A fresh temporary folder.
    static func makeDirectory(_ label: String = #function) throws -> String {
        let name = label.filter { $0.isLetter || $0.isNumber }
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("spool-vot-tests", isDirectory: true)
            .appendingPathComponent("\(name)-\(UUID().uuidString.prefix(8))", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url.path
    }
}

/// Records the translator's waits instead of sleeping.
final class RecordedSleeps: Sendable {
    private let delays = Mutex<[Duration]>([])

    /// The waits asked for so far.
    var values: [Duration] { delays.withLock { $0 } }

    /// A `sleep` for ``VOTTranslator/Configuration`` that only records.
    var sleep: @Sendable (Duration) async throws -> Void {
        { [self] delay in
            try Task.checkCancellation()
            self.delays.withLock { $0.append(delay) }
        }
    }
}

/// Collects translator events.
final class RecordedEvents: Sendable {
    private let events = Mutex<[VOTTranslator.Event]>([])

    /// The events so far.
    var values: [VOTTranslator.Event] { events.withLock { $0 } }

    /// Appends one event.
    func record(_ event: VOTTranslator.Event) {
        events.withLock { $0.append(event) }
    }
}

/// A clock tests can move (for session ages).
final class TestClock: Sendable {
    private let date = Mutex(Date())

    /// The current time.
    var now: Date { date.withLock { $0 } }

    /// Moves the clock forward.
    func advance(by seconds: TimeInterval) {
        date.withLock { $0 += seconds }
    }
}
