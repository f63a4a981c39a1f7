import Foundation
import HummingbirdTesting
@testable import SpoolAPI
import Testing

@Suite("Connections: the header timeout, the idle timeout and the connection limit")
struct ConnectionLimitTests {
    @Test("a client sending its request head a byte at a time is dropped after the header timeout")
    func slowHeaderClientIsDropped() async throws {
        let api = TestAPI { $0.headerTimeout = .seconds(1) }
        try await api.testLive { (client, port) async throws in
            let slow = try await RawConnection.connect(port: port)
            let started = ContinuousClock.now
            let head = Array("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Padding: " + String(repeating: "a", count: 200) + "\r\n\r\n")
            var sent = 0
            do {
                // 200 ms a byte: the whole head would take about 45 s.
                for character in head {
                    try await slow.write(String(character))
                    sent += 1
                    try await Task.sleep(for: .milliseconds(200))
                }
            } catch {
                // The server closed the connection: writes fail.
            }
            #expect(sent < head.count, "the server closed the connection before the head was complete")
            #expect(ContinuousClock.now - started < .seconds(40))
            let outcome = try? await slow.read()
            #expect(outcome.map { $0.closed } ?? true)
            #expect(!(outcome?.text.contains("200 OK") ?? false))
            await slow.close()

            // A normal client on the same server is served (curl: a fresh connection; the test
            // client's own idle connection was closed by the same timeout).
            #expect(try await Curl.run(["http://127.0.0.1:\(port)/healthz"]).status == 200)
        }
    }

    @Test("a connection that sends nothing is closed after the header timeout")
    func silentConnectionIsClosed() async throws {
        let api = TestAPI { $0.headerTimeout = .seconds(1) }
        try await api.testLive { (_, port) async throws in
            let silent = try await RawConnection.connect(port: port)
            let (text, closed) = try await silent.read()
            #expect(closed)
            #expect(text.isEmpty)
        }
    }
    // The connection limit and a live stream outliving the header timeout are checked against the
    // real binary (EndToEnd/"Connection edge" in SpoolAppTests): HummingbirdTesting's live
    // server drops the connection limit when it sets its own address.
}
