import Foundation
import SpoolS3
import SpoolTesting
import Testing

extension AgainstMoto {
    @Suite("S3 client: multipart operations")
    struct S3MultipartTests {
        static let mebibyte: Int64 = 1 << 20

        @Test("parts from file ranges, listParts, complete: the object is the file")
        func partsAndComplete() async throws {
            try await MotoS3.withBucket { client, _ in
                try await TestFile.withDirectory { directory in
                    let size = 5 * Self.mebibyte + 1
                    let file = try TestFile.random(size: size, in: directory)
                    let uploadID = try await client.createMultipartUpload(key: "two-parts.bin", contentType: "video/mp4", metadata: ["job": "7"])
                    let second = try await client.uploadPart(
                        key: "two-parts.bin", uploadID: uploadID, partNumber: 2, fileAt: file.path, offset: 5 * Self.mebibyte, length: 1
                    )
                    let first = try await client.uploadPart(
                        key: "two-parts.bin", uploadID: uploadID, partNumber: 1, fileAt: file.path, offset: 0, length: 5 * Self.mebibyte
                    )
                    let listed = try await client.listParts(key: "two-parts.bin", uploadID: uploadID)
                    #expect(listed.map(\.partNumber) == [1, 2])
                    #expect(listed.map(\.etag) == [first.etag, second.etag])
                    #expect(listed.map(\.size) == [5 * Self.mebibyte, 1])
                    #expect(first.checksumCRC32 != nil && second.checksumCRC32 != nil)

                    let etag = try await client.completeMultipartUpload(key: "two-parts.bin", uploadID: uploadID, parts: [second, first])
                    #expect(etag == (try TestFile.multipartETag(of: file, partSize: 5 * Self.mebibyte)))
                    let info = try await client.headObject(key: "two-parts.bin")
                    #expect(info.size == size)
                    #expect(info.contentType == "video/mp4")
                    #expect(info.metadata["job"] == "7")
                    #expect(S3ETag.partCount(info.etag) == 2)
                }
            }
        }

        @Test("a part below 5 MiB that is not the last is refused with EntityTooSmall 400")
        func entityTooSmall() async throws {
            try await MotoS3.withBucket { client, _ in
                let uploadID = try await client.createMultipartUpload(key: "tiny.bin")
                try await TestFile.withDirectory { directory in
                    let file = try TestFile.random(size: 2048, in: directory)
                    let one = try await client.uploadPart(key: "tiny.bin", uploadID: uploadID, partNumber: 1, fileAt: file.path, offset: 0, length: 1024)
                    let two = try await client.uploadPart(key: "tiny.bin", uploadID: uploadID, partNumber: 2, fileAt: file.path, offset: 1024, length: 1024)
                    let error = await #expect(throws: S3Error.self) {
                        try await client.completeMultipartUpload(key: "tiny.bin", uploadID: uploadID, parts: [one, two])
                    }
                    #expect(error?.code == .entityTooSmall)
                    #expect(error?.status == 400)
                }
            }
        }

        @Test("open uploads are listed with their start time, filtered by age and prefix, and aborted")
        func orphans() async throws {
            try await MotoS3.withBucket { client, _ in
                let first = try await client.createMultipartUpload(key: "staging/a.mp4")
                let second = try await client.createMultipartUpload(key: "staging/b.mp4")
                let elsewhere = try await client.createMultipartUpload(key: "other/c.mp4")
                _ = try await client.uploadPart(key: "staging/a.mp4", uploadID: first, partNumber: 1, file: [UInt8](repeating: 1, count: 100))

                let open = try await client.listMultipartUploads(prefix: "staging/")
                #expect(Set(open.map(\.uploadID)) == [first, second])
                #expect(Set(open.map(\.key)) == ["staging/a.mp4", "staging/b.mp4"])
                #expect(try await client.listMultipartUploads().count == 3)
                // moto reports every upload as initiated at 2010-11-10T20:48:33.000Z (a fixed value in
                // its response template), so all are "older than a day", and none older than 2010.
                let moto2010 = Date(timeIntervalSince1970: 1_289_422_113)
                #expect(open.allSatisfy { $0.initiated == moto2010 })
                #expect(try await client.listMultipartUploads(initiatedBefore: Date().addingTimeInterval(-86_400)).count == 3)
                #expect(try await client.listMultipartUploads(prefix: "other/", initiatedBefore: Date().addingTimeInterval(-86_400)).count == 1)
                #expect(try await client.listMultipartUploads(initiatedBefore: moto2010).isEmpty)

                try await client.abortMultipartUpload(key: "staging/a.mp4", uploadID: first)
                let error = await #expect(throws: S3Error.self) { try await client.listParts(key: "staging/a.mp4", uploadID: first) }
                #expect(error?.code == .noSuchUpload)
                #expect(error?.status == 404)
                #expect(try await client.listMultipartUploads().map(\.uploadID).sorted() == [second, elsewhere].sorted())

                for upload in try await client.listMultipartUploads() {
                    try await client.abortMultipartUpload(key: upload.key, uploadID: upload.uploadID)
                }
                #expect(try await client.listMultipartUploads().isEmpty)
                #expect(try await client.listAllObjects().isEmpty)
            }
        }
    }
}

extension S3Client {
    /// A part from bytes, through a temporary file (the client uploads parts from files).
    fileprivate func uploadPart(key: String, uploadID: String, partNumber: Int, file bytes: [UInt8]) async throws -> S3UploadedPart {
        try await TestFile.withDirectory { directory in
            let url = directory.appendingPathComponent("part")
            try Data(bytes).write(to: url)
            return try await uploadPart(key: key, uploadID: uploadID, partNumber: partNumber, fileAt: url.path, offset: 0, length: Int64(bytes.count))
        }
    }
}
