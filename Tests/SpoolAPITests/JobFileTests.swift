import Foundation
import Hummingbird
import HummingbirdTesting
import SpoolCore
import Testing

@testable import SpoolAPI

@Suite("Finished files: signed links and byte ranges")
struct JobFileTests {
    /// A library folder with one 10,000-byte "video" whose bytes are their offset modulo 251.
    struct Library {
        let root: URL
        let video: URL
        let bytes: [UInt8]

        init() throws {
            root = FileManager.default.temporaryDirectory.appendingPathComponent("spool-library-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: root.appendingPathComponent("Channel"), withIntermediateDirectories: true)
            video = root.appendingPathComponent("Channel/Clip ... (1080p).mp4")
            bytes = (0..<10_000).map { UInt8($0 % 251) }
            try Data(bytes).write(to: video)
        }

        func remove() { try? FileManager.default.removeItem(at: root) }
    }

    /// Adds a job and marks it complete with `outputPath`.
    static func completedJob(_ api: TestAPI, outputPath: String) async throws -> Job {
        let job = try await api.addJob()
        return try await api.store.modify(job.id) { job in
            job.state = .complete
            job.outputPath = outputPath
            return []
        }.0
    }

    @Test("a token gets a signed link; the link serves the file in full, in ranges, and revalidates")
    func signedLinkServesRanges() async throws {
        let library = try Library()
        defer { library.remove() }
        let api = TestAPI { $0.libraryRoot = library.root.path }
        let bearer = try await api.bearer()
        let job = try await Self.completedJob(api, outputPath: library.video.path)
        try await api.test { client in
            #expect(try await client.send(.get, "/api/jobs/\(job.id)/file-link").status == .unauthorized)
            let linkResponse = try await client.send(.get, "/api/jobs/\(job.id)/file-link", headers: bearer)
            #expect(linkResponse.status == .ok, "\(linkResponse.text)")
            let link = try linkResponse.decode(FileLinkResponse.self)
            #expect(link.fileName == "Clip ... (1080p).mp4" && link.size == 10_000 && link.contentType == "video/mp4")
            #expect(link.url.hasPrefix("/api/files/\(job.id)?expires="))
            #expect(link.expiresAt > Date() && link.expiresAt < Date().addingTimeInterval(7_200))

            let full = try await client.send(.get, link.url)
            #expect(full.status == .ok)
            #expect(Array(full.body.readableBytesView) == library.bytes)
            #expect(full.headers[.contentType] == "video/mp4" && full.headers[.acceptRanges] == "bytes")
            #expect(full.headers[.contentDisposition]?.hasPrefix("inline; filename*=UTF-8''Clip%20...%20%281080p%29.mp4") == true)
            let download = try await client.send(.get, link.url + "&download=true")
            #expect(download.headers[.contentDisposition]?.hasPrefix("attachment;") == true)

            let middle = try await client.execute(uri: link.url, method: .get, headers: [.range: "bytes=100-199"])
            #expect(middle.status == .partialContent)
            #expect(middle.headers[.contentRange] == "bytes 100-199/10000")
            #expect(Array(middle.body.readableBytesView) == Array(library.bytes[100...199]))
            let tail = try await client.execute(uri: link.url, method: .get, headers: [.range: "bytes=-10"])
            #expect(Array(tail.body.readableBytesView) == Array(library.bytes[9_990...]))
            let open = try await client.execute(uri: link.url, method: .get, headers: [.range: "bytes=9000-"])
            #expect(open.headers[.contentRange] == "bytes 9000-9999/10000" && open.body.readableBytes == 1_000)
            let beyond = try await client.execute(uri: link.url, method: .get, headers: [.range: "bytes=20000-"])
            #expect(beyond.status == .rangeNotSatisfiable && beyond.headers[.contentRange] == "bytes */10000")

            let eTag = try #require(full.headers[.eTag])
            #expect(try await client.execute(uri: link.url, method: .get, headers: [.ifNoneMatch: eTag]).status == .notModified)
            let staleRange = try await client.execute(uri: link.url, method: .get, headers: [.range: "bytes=0-9", .ifRange: "W/\"other\""])
            #expect(staleRange.status == .ok && staleRange.body.readableBytes == 10_000)
        }
    }

    @Test("a tampered, foreign or incomplete link is refused without serving anything")
    func tamperedLinks() async throws {
        let library = try Library()
        defer { library.remove() }
        let api = TestAPI { $0.libraryRoot = library.root.path }
        let bearer = try await api.bearer()
        let job = try await Self.completedJob(api, outputPath: library.video.path)
        let other = try await Self.completedJob(api, outputPath: library.video.path)
        try await api.test { client in
            let link = try await client.send(.get, "/api/jobs/\(job.id)/file-link", headers: bearer).decode(FileLinkResponse.self)
            let components = try #require(URLComponents(string: link.url))
            let expires = try #require(components.queryItems?.first { $0.name == "expires" }?.value)
            let signature = try #require(components.queryItems?.first { $0.name == "signature" }?.value)
            let flipped = (signature.first == "A" ? "B" : "A") + signature.dropFirst()
            let later = String(Int64(expires)! + 3_600)
            let refused = [
                "/api/files/\(job.id)?expires=\(expires)&signature=\(flipped)",
                "/api/files/\(other.id)?expires=\(expires)&signature=\(signature)",
                "/api/files/\(job.id)?expires=\(later)&signature=\(signature)",
                "/api/files/\(job.id)?expires=\(expires)&signature=%00",
            ]
            for uri in refused {
                let response = try await client.send(.get, uri)
                #expect(response.status == .forbidden, "\(uri)")
                #expect(response.errorCode == "forbidden")
            }
            #expect(try await client.send(.get, "/api/files/\(job.id)?expires=\(expires)").status == .badRequest)
            #expect(try await client.send(.get, "/api/files/\(job.id)").status == .badRequest)
            // A link for a job that has no file yet: the link route says so.
            let queued = try await api.addJob()
            #expect(try await client.send(.get, "/api/jobs/\(queued.id)/file-link", headers: bearer).status == .notFound)
        }
    }

    @Test("links expire: a signer's signature is valid only for its job and until its expiry")
    func expiry() {
        let signer = FileLinkSigner(lifetime: .seconds(60))
        let id = JobID.random()
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        let link = signer.link(for: id, now: now)
        let query = URLComponents(string: link.path)?.queryItems ?? []
        let expires = Int64(query.first { $0.name == "expires" }?.value ?? "") ?? 0
        let signature = query.first { $0.name == "signature" }?.value ?? ""
        #expect(expires == 1_800_000_060)
        #expect(signer.isValid(id: id, expires: expires, signature: signature, now: now.addingTimeInterval(59)))
        #expect(!signer.isValid(id: id, expires: expires, signature: signature, now: now.addingTimeInterval(61)))
        #expect(!signer.isValid(id: JobID.random(), expires: expires, signature: signature, now: now))
        #expect(!FileLinkSigner(lifetime: .seconds(60)).isValid(id: id, expires: expires, signature: signature, now: now))
    }

    @Test("only a regular file inside the library is served: not a path outside it, nor a link leading out")
    func confinedToLibrary() async throws {
        let library = try Library()
        defer { library.remove() }
        let outside = FileManager.default.temporaryDirectory.appendingPathComponent("spool-outside-\(UUID().uuidString).mp4")
        try Data("secret".utf8).write(to: outside)
        defer { try? FileManager.default.removeItem(at: outside) }
        let escape = library.root.appendingPathComponent("Channel/escape.mp4")
        try FileManager.default.createSymbolicLink(at: escape, withDestinationURL: outside)
        let api = TestAPI { $0.libraryRoot = library.root.path }
        let bearer = try await api.bearer()
        let paths = [
            outside.path,
            escape.path,
            library.root.appendingPathComponent("Channel/../../\(outside.lastPathComponent)").path,
            library.root.appendingPathComponent("Channel").path,
            library.root.path + "-sibling/file.mp4",
        ]
        try await api.test { client in
            for path in paths {
                let job = try await Self.completedJob(api, outputPath: path)
                let response = try await client.send(.get, "/api/jobs/\(job.id)/file-link", headers: bearer)
                #expect(response.status == .notFound, "\(path) must not be served")
            }
        }
        let unconfigured = TestAPI()
        let job = try await Self.completedJob(unconfigured, outputPath: library.video.path)
        let unconfiguredBearer = try await unconfigured.bearer()
        try await unconfigured.test { client in
            let response = try await client.send(.get, "/api/jobs/\(job.id)/file-link", headers: unconfiguredBearer)
            #expect(response.status == .notFound)
        }
    }

    @Test("Range headers: single ranges resolve against the size; others fall back to the whole file")
    func byteRanges() {
        #expect(ByteRange.resolve("bytes=0-99", size: 1_000) == .partial(0...99))
        #expect(ByteRange.resolve("bytes=900-5000", size: 1_000) == .partial(900...999))
        #expect(ByteRange.resolve("bytes=500-", size: 1_000) == .partial(500...999))
        #expect(ByteRange.resolve("bytes=-100", size: 1_000) == .partial(900...999))
        #expect(ByteRange.resolve("bytes=-5000", size: 1_000) == .partial(0...999))
        #expect(ByteRange.resolve("bytes=0-0, 5-9", size: 1_000) == .partial(0...0))
        #expect(ByteRange.resolve("bytes=1000-", size: 1_000) == .unsatisfiable)
        #expect(ByteRange.resolve("bytes=-0", size: 1_000) == .unsatisfiable)
        #expect(ByteRange.resolve("bytes=9-1", size: 1_000) == .ignored)
        #expect(ByteRange.resolve("items=0-1", size: 1_000) == .ignored)
        #expect(ByteRange.resolve("bytes=abc", size: 1_000) == .ignored)
    }
}
