import AsyncHTTPClient
import Foundation
import SpoolS3
import SpoolTesting
import Testing

extension AgainstMoto {
    @Suite("S3 client: presigned GET URLs")
    struct S3PresignTests {
        @Test("a presigned GET fetched with a plain HTTP client returns the object; without its query it is refused")
        func presignedGet() async throws {
            try await MotoS3.withBucket { client, _ in
                let bytes = (0..<70_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
                try await client.putObject(key: "shared/clip one.mp4", bytes: bytes, contentType: "video/mp4")
                let url = try client.presignedGetURL(key: "shared/clip one.mp4", expires: .seconds(600))
                #expect(url.absoluteString.contains("/spool-test/shared/clip%20one.mp4?"))
                #expect(url.absoluteString.contains("X-Amz-Expires=600&"))

                let fetched = try await Self.get(url.absoluteString)
                #expect(fetched.status == 200)
                #expect(fetched.body == bytes)

                // A browser seeking in the video: a Range on the presigned URL.
                let ranged = try await Self.get(url.absoluteString, headers: [("Range", "bytes=100-199")])
                #expect(ranged.status == 206)
                #expect(ranged.body == Array(bytes[100...199]))

                let bare = try await Self.get(url.absoluteString.components(separatedBy: "?")[0])
                #expect(bare.status == 403)
            }
        }

        @Test("an expiry over 7 days is refused before anything is sent; exactly 7 days is signed")
        func expiryLimit() async throws {
            let client = try S3Client(configuration: .init(
                endpoint: URL(string: "http://127.0.0.1:9")!, bucket: "videos", credentials: MotoS3.credentials
            ))
            let error = #expect(throws: S3Error.self) { try client.presignedGetURL(key: "a.mp4", expires: .seconds(604_801)) }
            #expect(error?.code == .invalidExpiry)
            #expect(error?.status == nil)
            #expect(throws: S3Error.self) { try client.presignedGetURL(key: "a.mp4", expires: .seconds(8 * 86_400)) }
            let week = try client.presignedGetURL(key: "a.mp4", expires: .seconds(7 * 86_400))
            #expect(week.absoluteString.contains("X-Amz-Expires=604800"))
            let fraction = try client.presignedGetURL(key: "a.mp4", expires: .milliseconds(1500))
            #expect(fraction.absoluteString.contains("X-Amz-Expires=2&"))
        }

        static func get(_ url: String, headers: [(String, String)] = []) async throws -> (status: Int, body: [UInt8]) {
            var request = HTTPClientRequest(url: url)
            for (name, value) in headers { request.headers.add(name: name, value: value) }
            let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
            return (Int(response.status.code), Array(try await response.body.collect(upTo: 1 << 20).readableBytesView))
        }
    }
}
