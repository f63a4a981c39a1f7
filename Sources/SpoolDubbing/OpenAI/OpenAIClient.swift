import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import SpoolCore

/// Sends requests to an OpenAI-compatible server and turns its failures into ``SpoolError``s.
struct OpenAIClient: Sendable {
    /// Server, key and timeouts.
    let configuration: OpenAIConfiguration
    /// The HTTP client (owned by the caller).
    let httpClient: HTTPClient

    /// The largest response body read (speech for a long phrase is a few MB).
    static let maxResponseBytes = 64 << 20

    /// POSTs `body` as JSON to `path` (relative to the base URL) and returns the response body.
    func postJSON(_ path: String, _ body: some Encodable & Sendable) async throws -> Data {
        let encoded = try JSONEncoder().encode(body)
        return try await post(path, contentType: "application/json", body: encoded)
    }

    /// POSTs `form` as `multipart/form-data` to `path`.
    func postMultipart(_ path: String, _ form: MultipartForm) async throws -> Data {
        try await post(path, contentType: form.contentType, body: form.encoded())
    }

    /// POSTs raw bytes; 2xx returns the body.
    ///
    /// - Throws: ``SpoolError`` `.dubbingRejected` for 401/403 and other 4xx except 408/409/429 (with the
    ///   server's message), `.dubbingFailed` for 408/409/429, 5xx and transport failures.
    func post(_ path: String, contentType: String, body: Data) async throws -> Data {
        var request = HTTPClientRequest(url: configuration.baseURL + path)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: contentType)
        request.headers.add(name: "Accept", value: "application/json, audio/*")
        if let key = configuration.apiKey, !key.isEmpty {
            request.headers.add(name: "Authorization", value: "Bearer \(key)")
        }
        request.body = .bytes(ByteBuffer(bytes: body))
        let endpoint = path.split(separator: "/").joined(separator: " ")
        let status: HTTPResponseStatus
        let bytes: ByteBuffer
        do {
            let response = try await httpClient.execute(request, timeout: .milliseconds(Int64(configuration.requestTimeout * 1000)))
            status = response.status
            bytes = try await response.body.collect(upTo: Self.maxResponseBytes)
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            try Task.checkCancellation()
            throw SpoolError(.dubbingFailed, "the OpenAI-compatible server at \(configuration.baseURL) did not answer \(endpoint): \(error)")
        }
        let data = Data(bytes.readableBytesView)
        guard (200..<300).contains(status.code) else {
            throw Self.failure(status: status, body: data, endpoint: endpoint)
        }
        return data
    }

    /// The error for a non-2xx answer, carrying the server's `error.message` when it sent one.
    static func failure(status: HTTPResponseStatus, body: Data, endpoint: String) -> SpoolError {
        let detail = (try? JSONDecoder().decode(ErrorBody.self, from: body))?.error.message
            ?? String(decoding: body.prefix(300), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        let message = "\(endpoint): HTTP \(status.code)\(detail.isEmpty ? "" : ": \(detail)")"
        switch status.code {
        case 401, 403: return SpoolError(.dubbingRejected, "the OpenAI-compatible server refused the key (\(message))")
        case 408, 409, 429, 500...: return SpoolError(.dubbingFailed, "the OpenAI-compatible server failed (\(message))")
        default: return SpoolError(.dubbingRejected, "the OpenAI-compatible server rejected the request (\(message))")
        }
    }

    /// `{"error": {"message": …}}`, the shape OpenAI-compatible servers report errors in.
    struct ErrorBody: Decodable {
        struct Detail: Decodable { var message: String }
        var error: Detail
    }
}
