import AsyncHTTPClient
import Foundation
import SpoolS3
import SpoolTesting
import Testing

extension AgainstMoto {
    @Suite("S3 client: objects")
    struct S3ClientTests {
        @Test("put from a file, head (size, ETag, type, metadata), ranged get, delete")
        func objectLifecycle() async throws {
            try await MotoS3.withBucket { client, _ in
                try await TestFile.withDirectory { directory in
                    let file = try TestFile.random(size: 1_500_000, in: directory)
                    let etag = try await client.putObject(
                        key: "videos/a.mp4", fileAt: file.path, contentType: "video/mp4", metadata: ["Job-Id": "42", "title": "A title"]
                    )
                    #expect(etag == (try TestFile.md5(of: file)))

                    let info = try await client.headObject(key: "videos/a.mp4")
                    #expect(info.size == 1_500_000)
                    #expect(info.etag == etag)
                    #expect(info.contentType == "video/mp4")
                    #expect(info.metadata == ["job-id": "42", "title": "A title"])
                    #expect(info.lastModified != nil)

                    let range = try await client.getObject(key: "videos/a.mp4", range: 1_048_570...1_048_600)
                    #expect(range == (try TestFile.bytes(of: file, offset: 1_048_570, count: 31)))
                    let whole = try await client.getObject(key: "videos/a.mp4")
                    #expect(whole.count == 1_500_000)

                    try await client.deleteObject(key: "videos/a.mp4")
                    let error = await #expect(throws: S3Error.self) { try await client.headObject(key: "videos/a.mp4") }
                    #expect(error?.status == 404)
                    #expect(error?.code == .notFound)
                }
            }
        }

        @Test("keys with spaces, unicode, '+', '%', '=' and '&' round-trip, with signed and unsigned payloads")
        func awkwardKeys() async throws {
            try await MotoS3.withBucket { client, moto in
                let keys = ["a b/c d.mp4", "Ünïcødé/ሴ.mkv", "plus+sign.txt", "100%/x=y&z.nfo", "dir/./dots..txt"]
                let unsigned = try MotoS3.client(moto, payloadSigning: .unsigned)
                try await TestFile.withDirectory { directory in
                    for (index, key) in keys.enumerated() {
                        let file = try TestFile.random(size: Int64(1000 + index), named: "f\(index)", in: directory)
                        try await (index.isMultiple(of: 2) ? client : unsigned).putObject(key: key, fileAt: file.path)
                        #expect(try await client.headObject(key: key).size == Int64(1000 + index), "\(key)")
                        #expect(try await client.getObject(key: key, range: 0...9) == (try TestFile.bytes(of: file, offset: 0, count: 10)), "\(key)")
                    }
                }
                let listed = try await client.listAllObjects().map(\.key)
                #expect(Set(listed) == Set(keys))
            }
        }

        @Test("listing by prefix, page by page with continuation tokens")
        func listing() async throws {
            try await MotoS3.withBucket { client, _ in
                for index in 0..<7 {
                    try await client.putObject(key: "shows/episode-\(index).mp4", bytes: Array(repeating: UInt8(index), count: index + 1))
                }
                try await client.putObject(key: "other/readme.txt", bytes: Array("hello".utf8))

                var pages: [S3ObjectList] = []
                var token: String?
                repeat {
                    let page = try await client.listObjectsV2(prefix: "shows/", continuationToken: token, maxKeys: 3)
                    pages.append(page)
                    token = page.nextContinuationToken
                } while token != nil && pages.count < 10
                #expect(pages.map(\.objects.count) == [3, 3, 1])
                #expect(pages.map(\.isTruncated) == [true, true, false])
                let objects = pages.flatMap(\.objects)
                #expect(objects.map(\.key) == (0..<7).map { "shows/episode-\($0).mp4" })
                #expect(objects.map(\.size) == (1...7).map(Int64.init))
                #expect(objects.allSatisfy { !$0.etag.isEmpty && $0.lastModified != nil })

                #expect(try await client.listAllObjects(prefix: "shows/").count == 7)
                #expect(try await client.listAllObjects().count == 8)
                #expect(try await client.listAllObjects(prefix: "nothing/").isEmpty)
            }
        }

        @Test("S3's errors map: a missing bucket is NoSuchBucket 404, a missing key NoSuchKey 404")
        func missingThings() async throws {
            try await MotoS3.withBucket { client, moto in
                let missing = try MotoS3.client(moto, bucket: "no-such-bucket")
                let listError = await #expect(throws: S3Error.self) { try await missing.listObjectsV2() }
                #expect(listError?.code == .noSuchBucket)
                #expect(listError?.status == 404)
                #expect(listError?.description.contains("NoSuchBucket (HTTP 404)") == true)
                let putError = await #expect(throws: S3Error.self) { try await missing.putObject(key: "a", bytes: [1, 2, 3]) }
                #expect(putError?.code == .noSuchBucket)
                #expect(putError?.status == 404)

                let keyError = await #expect(throws: S3Error.self) { try await client.getObject(key: "not/there.mp4") }
                #expect(keyError?.code == .noSuchKey)
                #expect(keyError?.status == 404)
            }
        }

        @Test("a server that is not there is a transient TransportFailure, not a hang")
        func refusedConnection() async throws {
            let port = try await MotoServerProcess.withServer { $0.port }   // free again once stopped
            // HTTPClient.shared retries connecting until its connect timeout (10 s); this one fails at once.
            var settings = HTTPClient.Configuration()
            settings.connectionPool.retryConnectionEstablishment = false
            let http = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: settings)
            let client = try S3Client(
                configuration: .init(endpoint: URL(string: "http://127.0.0.1:\(port)")!, bucket: "b", credentials: MotoS3.credentials),
                httpClient: http
            )
            let error = await #expect(throws: S3Error.self) { try await client.headObject(key: "x") }
            #expect(error?.code == .transportFailure)
            #expect(error?.isTransient == true)
            try await http.shutdown()
        }
    }
}
