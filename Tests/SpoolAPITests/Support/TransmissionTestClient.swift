import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import SpoolCore
import Testing

/// Calls `/transmission/rpc` as a Transmission remote does: a first request without the session
/// id (answered 409 with it), then the same request with it.
struct TransmissionTestClient: Sendable {
    static let sessionField = HTTPField.Name("X-Transmission-Session-Id")!

    let client: any TestClientProtocol
    /// The `Authorization` header sent with every request.
    let authorization: String
    var path = "/transmission/rpc"

    /// `Basic base64(user:password)`.
    static func basic(_ user: String, _ password: String) -> String {
        "Basic " + Data("\(user):\(password)".utf8).base64EncodedString()
    }

    /// Sends `body` twice: without a session id (expects 409), then with the id the 409 carried.
    func post(_ body: String) async throws -> TestResponse {
        let first = try await client.execute(uri: path, method: .post, headers: [.authorization: authorization], body: ByteBuffer(string: body))
        #expect(first.status == .conflict, "the first request gets 409: \(String(buffer: first.body))")
        let id = try #require(first.headers[Self.sessionField])
        return try await client.execute(
            uri: path, method: .post, headers: [.authorization: authorization, Self.sessionField: id], body: ByteBuffer(string: body)
        )
    }

    /// Sends a legacy call and returns the decoded answer.
    func call(_ method: String, _ arguments: String = "{}", tag: Int = 7) async throws -> JSONValue {
        let response = try await post(#"{"method":"\#(method)","arguments":\#(arguments),"tag":\#(tag)}"#)
        #expect(response.status == .ok)
        return try JSONDecoder().decode(JSONValue.self, from: Data(response.body.readableBytesView))
    }

    /// Sends a legacy call and returns the raw JSON text of the answer.
    func raw(_ method: String, _ arguments: String = "{}") async throws -> String {
        String(buffer: try await post(#"{"method":"\#(method)","arguments":\#(arguments),"tag":1}"#).body)
    }

    /// The answer's torrents of a `torrent-get` for `fields` and `ids` (JSON text, or nil for all).
    func torrents(_ fields: [String], ids: String? = nil) async throws -> [JSONValue] {
        let list = fields.map { "\"\($0)\"" }.joined(separator: ",")
        let answer = try await call("torrent-get", ids.map { #"{"fields":[\#(list)],"ids":\#($0)}"# } ?? #"{"fields":[\#(list)]}"#)
        #expect(answer["result"] == .string("success"), "\(answer)")
        return answer["arguments"]?["torrents"]?.arrayValue ?? []
    }
}
