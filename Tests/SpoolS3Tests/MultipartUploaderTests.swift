import Foundation
import SpoolS3
import SpoolTesting
import Synchronization
import Testing

extension AgainstMoto {
    @Suite("Multipart uploader")
    struct MultipartUploaderTests {
        static let mebibyte: Int64 = 1 << 20

        @Test("a 100 MiB file goes up in 16 MiB parts, 4 at a time; size and multipart ETag match the local file")
        func hundredMebibytes() async throws {
            try await MotoS3.withBucket { client, _ in
                try await TestFile.withDirectory { directory in
                    let size = 100 * Self.mebibyte + 12_345
                    let file = try TestFile.random(size: size, in: directory)
                    let reports = Mutex<[MultipartUploader.Progress]>([])
                    let started = Mutex<[String]>([])
                    let result = try await MultipartUploader(client: client).upload(
                        fileAt: file.path, to: "big/file.bin", contentType: "application/octet-stream",
                        uploadStarted: { id in started.withLock { $0.append(id) } },
                        progress: { progress in reports.withLock { $0.append(progress) } }
                    )
                    #expect(result.size == size)
                    #expect(result.partCount == 7)
                    #expect(result.sentParts == Array(1...7))
                    #expect(result.reusedParts.isEmpty)
                    #expect(result.sentBytes == size)
                    #expect(result.uploadID != nil)
                    #expect(started.withLock { $0 } == [result.uploadID!])
                    #expect(result.etag == (try TestFile.multipartETag(of: file, partSize: 16 * Self.mebibyte)))
                    // The server's composite CRC-32, computed from the bytes it stored, equals the file's.
                    let reported = try #require(try await client.headObject(key: "big/file.bin").checksumCRC32)
                    #expect(CRC32.value(ofBase64: reported) == (try TestFile.compositeCRC32(of: file, partSize: 16 * Self.mebibyte)))

                    let last = try #require(reports.withLock { $0.last })
                    #expect(last.completedBytes == size)
                    #expect(last.sentBytes == size)
                    #expect(last.completedParts == 7)
                    #expect(last.totalParts == 7)
                    let sent = reports.withLock { $0.map(\.sentBytes) }
                    #expect(sent == sent.sorted(), "progress never goes back")
                    #expect(reports.withLock { $0.count } > 50, "progress is reported per chunk, not per part")

                    // Bytes on both sides of every part boundary came through.
                    for boundary in stride(from: 16 * Self.mebibyte, to: size, by: Int(16 * Self.mebibyte)) {
                        let remote = try await client.getObject(key: "big/file.bin", range: (boundary - 4)...(boundary + 3))
                        #expect(remote == (try TestFile.bytes(of: file, offset: boundary - 4, count: 8)))
                    }
                    #expect(try await client.listMultipartUploads().isEmpty)
                }
            }
        }

        @Test("a file at or below the threshold goes up with one streamed PUT")
        func singlePut() async throws {
            try await MotoS3.withBucket { client, _ in
                try await TestFile.withDirectory { directory in
                    let file = try TestFile.random(size: 3 * Self.mebibyte + 7, in: directory)
                    let started = Mutex(0)
                    let result = try await MultipartUploader(client: client).upload(
                        fileAt: file.path, to: "small.bin", uploadStarted: { _ in started.withLock { $0 += 1 } }
                    )
                    #expect(result.uploadID == nil)
                    #expect(result.partCount == 1)
                    #expect(result.size == 3 * Self.mebibyte + 7)
                    #expect(result.etag == (try TestFile.md5(of: file)))
                    #expect(started.withLock { $0 } == 0)
                    // moto stores the CRC-32 it was sent (AWS checks it against the body first).
                    let reported = try #require(try await client.headObject(key: "small.bin").checksumCRC32)
                    #expect(CRC32.value(ofBase64: reported) == (try TestFile.compositeCRC32(of: file, partSize: 1 << 40)))
                }
            }
        }

        @Test("resume after an interruption: a new uploader given the stored upload id sends only the missing parts")
        func resume() async throws {
            try await MotoS3.withBucket { client, _ in
                try await TestFile.withDirectory { directory in
                    let size = 42 * Self.mebibyte + 123
                    let file = try TestFile.random(size: size, in: directory)
                    let configuration = MultipartUploader.Configuration(partSize: 5 * Self.mebibyte, multipartThreshold: 5 * Self.mebibyte, concurrency: 1)
                    let storedID = Mutex<String?>(nil)
                    let (threeParts, signal) = AsyncStream<Void>.makeStream()

                    // First run: interrupted (cancelled) once three parts are stored.
                    let first = Task {
                        try await MultipartUploader(client: client, configuration: configuration).upload(
                            fileAt: file.path, to: "resumed.bin",
                            uploadStarted: { id in storedID.withLock { $0 = id } },
                            progress: { if $0.completedParts >= 3 { signal.yield() } }
                        )
                    }
                    for await _ in threeParts { break }
                    first.cancel()
                    let outcome = await first.result
                    #expect(throws: CancellationError.self) { try outcome.get() }

                    let uploadID = try #require(storedID.withLock { $0 })
                    let stored = try await client.listParts(key: "resumed.bin", uploadID: uploadID)
                    #expect(stored.count >= 3 && stored.count < 9)
                    #expect(stored.allSatisfy { $0.size == 5 * Self.mebibyte && !$0.etag.isEmpty })

                    // Second run: a new uploader with the stored id.
                    let newUploads = Mutex(0)
                    let result = try await MultipartUploader(client: client, configuration: configuration).upload(
                        fileAt: file.path, to: "resumed.bin", resumingUploadID: uploadID,
                        uploadStarted: { _ in newUploads.withLock { $0 += 1 } }
                    )
                    let storedNumbers = stored.map(\.partNumber)
                    #expect(newUploads.withLock { $0 } == 0)
                    #expect(result.uploadID == uploadID)
                    #expect(result.partCount == 9)
                    #expect(result.reusedParts == storedNumbers)
                    #expect(Set(result.sentParts).isDisjoint(with: storedNumbers))
                    #expect(Set(result.sentParts + result.reusedParts) == Set(1...9))
                    #expect(result.sentBytes == size - stored.reduce(0) { $0 + $1.size })
                    #expect(result.etag == (try TestFile.multipartETag(of: file, partSize: 5 * Self.mebibyte)))
                    #expect(try await client.headObject(key: "resumed.bin").size == size)
                }
            }
        }

        @Test("a resumed upload whose file changed under it fails verification (CRC-32) instead of passing off a mixed object")
        func resumeChangedFile() async throws {
            try await MotoS3.withBucket { client, _ in
                try await TestFile.withDirectory { directory in
                    let file = try TestFile.random(size: 12 * Self.mebibyte, in: directory, seed: 1)
                    let uploadID = try await client.createMultipartUpload(key: "changed.bin")
                    _ = try await client.uploadPart(key: "changed.bin", uploadID: uploadID, partNumber: 1, fileAt: file.path, offset: 0, length: 5 * Self.mebibyte)
                    // The file changes before the resumption: part 1 on the server no longer matches it.
                    _ = try TestFile.random(size: 12 * Self.mebibyte, in: directory, seed: 2)
                    let uploader = MultipartUploader(client: client, configuration: .init(partSize: 5 * Self.mebibyte, multipartThreshold: 0))
                    let error = await #expect(throws: S3Error.self) {
                        try await uploader.upload(fileAt: file.path, to: "changed.bin", resumingUploadID: uploadID)
                    }
                    #expect(error?.code == .verificationFailed)
                    #expect(error?.description.contains("CRC-32") == true)
                }
            }
        }

        @Test("a stored upload id S3 no longer knows starts a new upload")
        func resumeUnknownUpload() async throws {
            try await MotoS3.withBucket { client, _ in
                try await TestFile.withDirectory { directory in
                    let file = try TestFile.random(size: 11 * Self.mebibyte, in: directory)
                    let abandoned = try await client.createMultipartUpload(key: "again.bin")
                    try await client.abortMultipartUpload(key: "again.bin", uploadID: abandoned)
                    let started = Mutex<[String]>([])
                    let result = try await MultipartUploader(client: client, configuration: .init(partSize: 5 * Self.mebibyte)).upload(
                        fileAt: file.path, to: "again.bin", resumingUploadID: abandoned, uploadStarted: { id in started.withLock { $0.append(id) } }
                    )
                    #expect(result.uploadID != abandoned)
                    #expect(started.withLock { $0 } == [result.uploadID!])
                    #expect(result.sentParts == [1, 2, 3])
                    #expect(result.size == 11 * Self.mebibyte)
                }
            }
        }
    }
}
