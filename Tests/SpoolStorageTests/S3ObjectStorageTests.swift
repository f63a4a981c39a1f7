import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import SpoolCore
import SpoolS3
@testable import SpoolStorage
import SpoolTesting
import Testing

/// ``S3ObjectStorage`` and ``TieredMediaStorage`` against moto's S3 server on loopback.
@Suite("S3 object storage")
struct S3ObjectStorageTests {
    static let credentials = S3Credentials(accessKeyID: "spool-test", secretAccessKey: "spool-secret")

    /// Storage with the target `s3` on a fresh bucket (`videos`, prefix `spool/`).
    static func storage(_ moto: MotoServerProcess) async throws -> (S3ObjectStorage, S3Client) {
        let client = try S3Client(configuration: .init(endpoint: moto.endpoint, bucket: "videos", credentials: credentials))
        try await client.createBucket()
        let storage = S3ObjectStorage(targets: [S3Target(name: "s3", client: client, prefix: "spool")], defaultTarget: "s3")
        return (storage, client)
    }

    @Test("targets: keys under the prefix, the default, and a clear error for an unknown name or bucket")
    func targets() async throws {
        try await MotoServerProcess.withServer { moto in
            let (storage, _) = try await Self.storage(moto)
            #expect(storage.targets.names == ["s3"] && storage.targets.defaultTarget == "s3")
            #expect(storage.targets.locations["s3"] == "s3://videos/spool/")
            #expect(try storage.location(of: "Show/a b.mkv", on: "s3").path == "s3://videos/spool/Show/a b.mkv")
            #expect(throws: SpoolError.self) { try storage.location(of: "a.mkv", on: "nas") }
            let stray = ObjectLocation(bucket: "elsewhere", key: "a.mkv")
            await #expect(throws: SpoolError.self) { _ = try await storage.size(of: stray) }
            #expect(try StorageTargets(locations: ["s3": "s3://videos/"]).resolve(nil) == nil)
            #expect(try storage.targets.resolve(nil) == "s3" && storage.targets.resolve("local") == nil)
        }
    }

    @Test("upload, size, presigned link, delete through the tiered storage; a too long link is invalid_input")
    func roundTrip() async throws {
        try await MotoServerProcess.withServer { moto in
            let (objects, _) = try await Self.storage(moto)
            let file = FileManager.default.temporaryDirectory.appendingPathComponent("spool-s3-\(UUID().uuidString.prefix(8)).mp4")
            try Data(repeating: 7, count: 300_000).write(to: file)
            defer { try? FileManager.default.removeItem(at: file) }
            let location = try objects.location(of: "clip.mp4", on: "s3")
            let result = try await objects.upload(
                file.path, to: location, contentType: "video/mp4", resumingUploadID: nil, uploadStarted: { _ in }, progress: { _ in }
            )
            #expect(result.size == 300_000 && result.partCount == 1)
            #expect(try await objects.size(of: location) == 300_000)

            let root = FileManager.default.temporaryDirectory.appendingPathComponent("spool-tiered-\(UUID().uuidString.prefix(8))")
            defer { try? FileManager.default.removeItem(at: root) }
            let tiered = TieredMediaStorage(local: LocalMediaStorage(paths: MediaPaths(mediaRoot: root.path)), objects: objects)
            guard case .url(let url, let expiresAt) = try tiered.link(to: location.path, validFor: .seconds(600), attachment: true) else {
                Issue.record("an object's link is a URL")
                return
            }
            #expect(url.contains("response-content-disposition=attachment") && url.contains("X-Amz-Expires=600"))
            #expect(expiresAt.timeIntervalSinceNow > 500)
            let (data, response) = try await URLSession.shared.data(from: URL(string: url)!)
            #expect((response as? HTTPURLResponse)?.statusCode == 200 && data.count == 300_000)
            #expect(throws: SpoolError.self) { try tiered.link(to: location.path, validFor: .seconds(604_801), attachment: false) }
            #expect(!tiered.fileExists(location.path) && tiered.libraryRelativePath(of: location.path) == nil)

            try await tiered.removeOutput(path: location.path)
            #expect(try await objects.size(of: location) == nil)
        }
    }

    @Test("abandoned-uploads aborts multipart uploads older than a day, lists them in a dry run, and leaves younger ones")
    func abandonedUploads() async throws {
        try await MotoServerProcess.withServer { moto in
            let (objects, client) = try await Self.storage(moto)
            _ = try await client.createMultipartUpload(key: "spool/old.mkv")
            _ = try await client.createMultipartUpload(key: "outside-the-prefix.mkv")
            // moto reports every upload as begun at 2010-11-10T20:48:33Z (fixed in its template): the
            // clock starts an hour after that.
            let clock = ManualWallClock(start: Date(timeIntervalSince1970: 1_289_422_113 + 3_600))
            let task = AbandonedUploadsTask(objects: objects, clock: clock)
            #expect(try await task.run(dryRun: false).actions.isEmpty, "a fresh upload may still be resumed")

            clock.advance(by: 2 * 86_400)
            let dry = try await task.run(dryRun: true)
            #expect(dry.actions.map { $0.metadata["object"] } == ["s3://videos/spool/old.mkv"])
            #expect(try await client.listMultipartUploads().count == 2, "a dry run aborts nothing")
            let real = try await task.run(dryRun: false)
            #expect(real.actions.map { $0.metadata["object"] } == dry.actions.map { $0.metadata["object"] })
            #expect(try await client.listMultipartUploads().map(\.key) == ["outside-the-prefix.mkv"], "only the target's own prefix is swept")
        }
    }
}
