import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

extension S3Client {
    /// What a request sends as its body.
    enum RequestBody: Sendable {
        /// Nothing.
        case none
        /// Small bytes held in memory (XML documents, small objects).
        case bytes([UInt8])
        /// A range of a local file, streamed, with its SHA-256 (nil: `UNSIGNED-PAYLOAD`); `onChunk`
        /// hears each chunk handed to the connection. Made by ``fileBody(_:offset:length:onChunk:)``.
        case file(ReadOnlyFile, offset: Int64, length: Int64, sha256: String?, onChunk: @Sendable (Int) -> Void)
    }

    /// S3's answer: status, headers, and the body read in full (bounded).
    struct Response: Sendable {
        var status: Int
        var headers: HTTPHeaders
        var body: [UInt8]

        /// The first value of a header.
        func header(_ name: String) -> String? { headers.first(name: name) }
    }

    /// Signs and sends one request; answers outside `accepted` become an ``S3Error`` read from
    /// S3's XML error body (or from the status alone when there is none, as for `HEAD`).
    func send(
        _ method: HTTPMethod, key: String?, query: [(name: String, value: String)] = [],
        headers extraHeaders: [(name: String, value: String)] = [], body: RequestBody = .none,
        accepted: ClosedRange<Int> = 200...299, maxResponseBytes: Int = 4 << 20
    ) async throws -> Response {
        let (host, path) = location(key: key)
        let payload: SigV4Payload
        let requestBody: HTTPClientRequest.Body?
        switch body {
        case .none:
            payload = .empty
            requestBody = nil
        case .bytes(let bytes):
            payload = .bytes(bytes)
            requestBody = .bytes(bytes)
        case .file(let file, let offset, let length, let sha256, let onChunk):
            payload = sha256.map { .sha256($0) } ?? .unsigned
            requestBody = .stream(file.chunks(offset: offset, length: length, onChunk: onChunk), length: .known(length))
        }
        let unsigned = SigV4Request(
            method: method.rawValue, path: path, query: query, headers: [("host", host)] + extraHeaders, payload: payload
        )
        let signed = signer.sign(unsigned, date: Date())
        var request = HTTPClientRequest(url: url(host: host, request: unsigned, encodedQuery: unsigned.encodedQuery))
        request.method = method
        for (name, value) in signed.headers { request.headers.add(name: name, value: value) }
        if let requestBody { request.body = requestBody }

        let response: Response
        do {
            let answer = try await httpClient.execute(request, timeout: .nanoseconds(Int64(configuration.requestTimeout.nanosecondsClamped)))
            let status = Int(answer.status.code)
            // An error body is small; a success body is read up to the caller's bound.
            let limit = accepted.contains(status) ? maxResponseBytes : 1 << 20
            let bytes = method == .HEAD ? ByteBuffer() : try await answer.body.collect(upTo: limit)
            response = Response(status: status, headers: answer.headers, body: Array(bytes.readableBytesView))
        } catch let error as S3Error {
            throw error
        } catch {
            if Task.isCancelled || error is CancellationError { throw CancellationError() }
            throw S3Error(code: .transportFailure, message: "\(method.rawValue) \(host)\(path): \(error)", resource: key ?? bucket)
        }
        guard accepted.contains(response.status) else {
            throw Self.error(from: response, resource: key ?? bucket)
        }
        return response
    }

    /// A file range as a request body, hashed as configured in one read: its SHA-256 for the
    /// signature, its CRC-32 for S3's check (returned, and as the `x-amz-checksum-crc32` header).
    func fileBody(
        _ file: ReadOnlyFile, offset: Int64, length: Int64, onChunk: @escaping @Sendable (Int) -> Void
    ) async throws -> (body: RequestBody, headers: [(name: String, value: String)], crc32: UInt32?) {
        let digests = try await file.digests(
            offset: offset, length: length, sha256: configuration.signsFilePayloads, crc32: configuration.checksum == .crc32
        )
        var headers: [(name: String, value: String)] = []
        if let crc32 = digests.crc32 {
            // As the AWS SDKs send it: the algorithm (which S3 ignores when the value is there) and the value.
            headers.append(("x-amz-sdk-checksum-algorithm", "CRC32"))
            headers.append(("x-amz-checksum-crc32", CRC32(value: crc32).base64))
        }
        return (.file(file, offset: offset, length: length, sha256: digests.sha256, onChunk: onChunk), headers, digests.crc32)
    }

    /// The ``S3Error`` of a failed answer: `Code`, `Message` and `RequestId` from its XML body, or
    /// a code made from the status when the body holds none.
    static func error(from response: Response, resource: String) -> S3Error {
        let requestID = response.header("x-amz-request-id")
        if let root = try? S3XMLElement.parse(response.body), root.name == "Error", let code = root.text(of: "Code") {
            let named = root.text(of: "Key") ?? root.text(of: "BucketName") ?? resource
            return S3Error(
                code: S3Error.Code(rawValue: code), status: response.status, message: root.text(of: "Message") ?? "",
                requestID: root.text(of: "RequestId") ?? requestID, resource: named
            )
        }
        let code: S3Error.Code = switch response.status {
        case 404: .notFound
        case 403: .accessDenied
        case 416: .invalidRange
        case 503: .slowDown
        default: S3Error.Code(rawValue: "HTTP\(response.status)")
        }
        let text = String(decoding: response.body.prefix(200), as: UTF8.self)
        return S3Error(code: code, status: response.status, message: text, requestID: requestID, resource: resource)
    }
}

extension Duration {
    /// Whole nanoseconds, clamped to `Int64`.
    var nanosecondsClamped: Int64 {
        let (seconds, attoseconds) = components
        guard seconds < Int64.max / 1_000_000_000 else { return .max }
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}
