import Foundation
import NIOHTTP1

extension S3Client {
    /// Creates the configured bucket (with a location constraint outside `us-east-1`).
    public func createBucket() async throws {
        var body: S3Client.RequestBody = .none
        if configuration.region != "us-east-1" {
            let document = "<CreateBucketConfiguration xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
                + "<LocationConstraint>\(Self.escapeXML(configuration.region))</LocationConstraint></CreateBucketConfiguration>"
            body = .bytes(Array(document.utf8))
        }
        _ = try await send(.PUT, key: nil, body: body)
    }

    /// Uploads a local file as one object with a single `PUT`, streamed from disk (S3 takes up to
    /// 5 GiB this way; ``MultipartUploader`` chooses between this and a multipart upload).
    ///
    /// - Parameters:
    ///   - key: The object's key.
    ///   - path: The local file.
    ///   - contentType: `Content-Type` to store.
    ///   - metadata: User metadata (`x-amz-meta-<name>`).
    ///   - onChunk: Hears the size of each chunk handed to the connection.
    /// - Returns: The object's ETag, unquoted.
    @discardableResult
    public func putObject(
        key: String, fileAt path: String, contentType: String? = nil, metadata: [String: String] = [:],
        onChunk: @escaping @Sendable (Int) -> Void = { _ in }
    ) async throws -> String {
        try await putFile(try await ReadOnlyFile(path: path), key: key, contentType: contentType, metadata: metadata, onChunk: onChunk).etag
    }

    /// ``putObject(key:fileAt:contentType:metadata:onChunk:)`` from a file already open; also returns
    /// the CRC-32 sent (nil when checksums are off).
    func putFile(
        _ file: ReadOnlyFile, key: String, contentType: String?, metadata: [String: String], onChunk: @escaping @Sendable (Int) -> Void
    ) async throws -> (etag: String, crc32: UInt32?) {
        let (body, checksumHeaders, crc32) = try await fileBody(file, offset: 0, length: file.size, onChunk: onChunk)
        let response = try await send(
            .PUT, key: key, headers: Self.objectHeaders(contentType: contentType, metadata: metadata) + checksumHeaders, body: body
        )
        return (S3ETag.unquoted(response.header("ETag") ?? ""), crc32)
    }

    /// Uploads bytes held in memory as one object (small things: NFO files, test data).
    /// - Returns: The object's ETag, unquoted.
    @discardableResult
    public func putObject(key: String, bytes: [UInt8], contentType: String? = nil, metadata: [String: String] = [:]) async throws -> String {
        let response = try await send(.PUT, key: key, headers: Self.objectHeaders(contentType: contentType, metadata: metadata), body: .bytes(bytes))
        return S3ETag.unquoted(response.header("ETag") ?? "")
    }

    /// An object's size, ETag, type, metadata and (with checksums on) its CRC-32.
    /// - Throws: ``S3Error`` with code ``S3Error/Code/notFound`` (HTTP 404) when there is no such object.
    public func headObject(key: String) async throws -> S3ObjectInfo {
        let headers: [(name: String, value: String)] = configuration.checksum == .crc32 ? [("x-amz-checksum-mode", "ENABLED")] : []
        let response = try await send(.HEAD, key: key, headers: headers)
        guard let length = response.header("Content-Length").flatMap(Int64.init) else {
            throw S3Error(code: .invalidResponse, status: response.status, message: "HEAD answered without Content-Length", resource: key)
        }
        var metadata: [String: String] = [:]
        for header in response.headers where header.name.lowercased().hasPrefix("x-amz-meta-") {
            metadata[String(header.name.lowercased().dropFirst("x-amz-meta-".count))] = header.value
        }
        return S3ObjectInfo(
            key: key, size: length, etag: S3ETag.unquoted(response.header("ETag") ?? ""),
            lastModified: response.header("Last-Modified").flatMap(S3Dates.httpDate),
            contentType: response.header("Content-Type"), metadata: metadata, checksumCRC32: response.header("x-amz-checksum-crc32")
        )
    }

    /// An object's bytes, or those of `range` (inclusive byte offsets, as in `Range: bytes=a-b`).
    /// The whole answer is held in memory: meant for small objects and tests.
    ///
    /// - Parameter maxBytes: The most bytes accepted (default 64 MiB).
    public func getObject(key: String, range: ClosedRange<Int64>? = nil, maxBytes: Int = 64 << 20) async throws -> [UInt8] {
        let headers: [(name: String, value: String)] = range.map { [("range", "bytes=\($0.lowerBound)-\($0.upperBound)")] } ?? []
        return try await send(.GET, key: key, headers: headers, maxResponseBytes: maxBytes).body
    }

    /// Deletes an object (S3 answers success for a key that does not exist).
    public func deleteObject(key: String) async throws {
        _ = try await send(.DELETE, key: key)
    }

    /// A URL that fetches `key` with a plain GET until it expires, signed now.
    ///
    /// - Parameters:
    ///   - expires: How long the URL works: 1 s to 7 days.
    ///   - date: The signing time (now by default).
    ///   - contentDisposition: A `Content-Disposition` S3 answers with instead of the stored one
    ///     (`response-content-disposition`, signed into the URL), so a browser saves the file under its name.
    ///   - contentType: A `Content-Type` S3 answers with instead of the stored one (`response-content-type`).
    /// - Throws: ``S3Error/Code/invalidExpiry`` for an expiry over 7 days (604,800 s) or under 1 s.
    public func presignedGetURL(
        key: String, expires: Duration = .seconds(3600), date: Date = Date(), contentDisposition: String? = nil, contentType: String? = nil
    ) throws(S3Error) -> URL {
        let (seconds, attoseconds) = expires.components
        let wholeSeconds = seconds > Int64(Int32.max) ? Int(Int32.max) : Int(seconds) + (attoseconds > 0 ? 1 : 0)
        let (host, path) = location(key: key)
        var overrides: [(name: String, value: String)] = []
        if let contentDisposition { overrides.append(("response-content-disposition", contentDisposition)) }
        if let contentType { overrides.append(("response-content-type", contentType)) }
        let request = SigV4Request(method: "GET", path: path, query: overrides, headers: [("host", host)], payload: .unsigned)
        let presigned = try signer.presign(request, expires: wholeSeconds, date: date)
        guard let url = URL(string: url(host: host, request: request, encodedQuery: presigned.encodedQuery)) else {
            throw S3Error(code: .invalidConfiguration, message: "the presigned URL of \(key) is not a valid URL", resource: key)
        }
        return url
    }

    /// `Content-Type` and `x-amz-meta-*` headers.
    static func objectHeaders(contentType: String?, metadata: [String: String]) -> [(name: String, value: String)] {
        var headers: [(name: String, value: String)] = []
        if let contentType { headers.append(("content-type", contentType)) }
        for (name, value) in metadata.sorted(by: { $0.key < $1.key }) {
            headers.append(("x-amz-meta-\(name.lowercased())", value))
        }
        return headers
    }

    /// Text made safe for an XML element.
    static func escapeXML(_ text: String) -> String {
        var escaped = ""
        for character in text {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            default: escaped.append(character)
            }
        }
        return escaped
    }
}
