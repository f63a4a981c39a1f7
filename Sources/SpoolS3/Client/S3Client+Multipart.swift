import Foundation

extension S3Client {
    /// Starts a multipart upload of `key` and returns its upload id (store it to resume later).
    public func createMultipartUpload(key: String, contentType: String? = nil, metadata: [String: String] = [:]) async throws -> String {
        var headers = Self.objectHeaders(contentType: contentType, metadata: metadata)
        if configuration.checksum == .crc32 { headers.append(("x-amz-checksum-algorithm", "CRC32")) }
        let response = try await send(.POST, key: key, query: [("uploads", "")], headers: headers)
        let root = try S3XMLElement.parse(response.body)
        guard let uploadID = root.text(of: "UploadId"), !uploadID.isEmpty else {
            throw S3Error(code: .invalidResponse, status: response.status, message: "CreateMultipartUpload answered without an UploadId", resource: key)
        }
        return uploadID
    }

    /// Uploads part `partNumber` from `length` bytes of a local file at `offset`, streamed.
    ///
    /// - Parameter onChunk: Hears the size of each chunk handed to the connection.
    /// - Returns: The stored part (number, ETag, size).
    public func uploadPart(
        key: String, uploadID: String, partNumber: Int, fileAt path: String, offset: Int64, length: Int64,
        onChunk: @escaping @Sendable (Int) -> Void = { _ in }
    ) async throws -> S3UploadedPart {
        let file = try await ReadOnlyFile(path: path)
        return try await uploadPart(key: key, uploadID: uploadID, partNumber: partNumber, file: file, offset: offset, length: length, onChunk: onChunk)
    }

    /// ``uploadPart(key:uploadID:partNumber:fileAt:offset:length:onChunk:)`` from a file already open.
    func uploadPart(
        key: String, uploadID: String, partNumber: Int, file: ReadOnlyFile, offset: Int64, length: Int64,
        onChunk: @escaping @Sendable (Int) -> Void
    ) async throws -> S3UploadedPart {
        let (body, checksumHeaders, crc32) = try await fileBody(file, offset: offset, length: length, onChunk: onChunk)
        let response = try await send(
            .PUT, key: key, query: [("partNumber", String(partNumber)), ("uploadId", uploadID)], headers: checksumHeaders, body: body
        )
        guard let etag = response.header("ETag") else {
            throw S3Error(code: .invalidResponse, status: response.status, message: "UploadPart \(partNumber) answered without an ETag", resource: key)
        }
        return S3UploadedPart(partNumber: partNumber, etag: S3ETag.unquoted(etag), size: length, checksumCRC32: crc32.map { CRC32(value: $0).base64 })
    }

    /// The parts S3 holds for an upload, in part-number order (all pages).
    /// - Throws: ``S3Error/Code/noSuchUpload`` when the upload was completed, aborted or never existed.
    public func listParts(key: String, uploadID: String) async throws -> [S3UploadedPart] {
        var parts: [S3UploadedPart] = []
        var marker: String?
        repeat {
            var query: [(name: String, value: String)] = [("uploadId", uploadID)]
            if let marker { query.append(("part-number-marker", marker)) }
            let root = try S3XMLElement.parse(try await send(.GET, key: key, query: query).body)
            for part in root.children("Part") {
                guard let number = part.text(of: "PartNumber").flatMap(Int.init) else { continue }
                parts.append(S3UploadedPart(
                    partNumber: number, etag: S3ETag.unquoted(part.text(of: "ETag") ?? ""), size: Int64(part.text(of: "Size") ?? "") ?? 0,
                    checksumCRC32: part.text(of: "ChecksumCRC32")
                ))
            }
            let next = root.text(of: "NextPartNumberMarker")
            marker = root.text(of: "IsTruncated") == "true" && next != nil && next != marker ? next : nil
        } while marker != nil
        return parts.sorted { $0.partNumber < $1.partNumber }
    }

    /// Completes an upload from its parts (ascending part numbers) and returns the object's ETag.
    ///
    /// S3 may answer 200 and still fail (an `<Error>` body after a long assembly): that is an error too.
    @discardableResult
    public func completeMultipartUpload(key: String, uploadID: String, parts: [S3UploadedPart]) async throws -> String {
        var document = "<CompleteMultipartUpload xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
        for part in parts.sorted(by: { $0.partNumber < $1.partNumber }) {
            document += "<Part><PartNumber>\(part.partNumber)</PartNumber><ETag>\(Self.escapeXML("\"\(part.etag)\""))</ETag>"
            if let checksum = part.checksumCRC32 { document += "<ChecksumCRC32>\(Self.escapeXML(checksum))</ChecksumCRC32>" }
            document += "</Part>"
        }
        document += "</CompleteMultipartUpload>"
        let response = try await send(.POST, key: key, query: [("uploadId", uploadID)], body: .bytes(Array(document.utf8)))
        let root = try S3XMLElement.parse(response.body)
        if root.name == "Error" { throw Self.error(from: response, resource: key) }
        return S3ETag.unquoted(root.text(of: "ETag") ?? "")
    }

    /// Aborts an upload: S3 drops its parts.
    public func abortMultipartUpload(key: String, uploadID: String) async throws {
        _ = try await send(.DELETE, key: key, query: [("uploadId", uploadID)])
    }

    /// The uploads of this bucket that were created and neither completed nor aborted (all pages).
    ///
    /// - Parameters:
    ///   - prefix: Only keys starting with this.
    ///   - initiatedBefore: Only uploads created before this moment (orphans older than a day: `Date() - 86400`).
    public func listMultipartUploads(prefix: String? = nil, initiatedBefore: Date? = nil) async throws -> [S3MultipartUploadSummary] {
        var uploads: [S3MultipartUploadSummary] = []
        var markers: (key: String, uploadID: String)?
        repeat {
            var query: [(name: String, value: String)] = [("uploads", "")]
            if let prefix { query.append(("prefix", prefix)) }
            if let markers {
                query.append(("key-marker", markers.key))
                query.append(("upload-id-marker", markers.uploadID))
            }
            let root = try S3XMLElement.parse(try await send(.GET, key: nil, query: query).body)
            for upload in root.children("Upload") {
                guard let key = upload.text(of: "Key"), let uploadID = upload.text(of: "UploadId") else { continue }
                uploads.append(S3MultipartUploadSummary(key: key, uploadID: uploadID, initiated: upload.text(of: "Initiated").flatMap(S3Dates.iso8601)))
            }
            let previous = markers
            markers = nil
            if root.text(of: "IsTruncated") == "true", let key = root.text(of: "NextKeyMarker"), let uploadID = root.text(of: "NextUploadIdMarker"),
                key != previous?.key || uploadID != previous?.uploadID
            {
                markers = (key, uploadID)
            }
        } while markers != nil
        guard let initiatedBefore else { return uploads }
        return uploads.filter { ($0.initiated ?? .distantFuture) < initiatedBefore }
    }
}
