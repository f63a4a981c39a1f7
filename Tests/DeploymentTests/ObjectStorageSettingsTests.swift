import Foundation
@testable import SpoolApp
import Testing

/// `S3_*`, `S3_TARGETS` and `STORAGE_TARGET` read into storage targets.
@Suite("Object storage settings")
struct ObjectStorageSettingsTests {
    static let base = ["S3_BUCKET": "videos", "S3_ACCESS_KEY_ID": "key", "S3_SECRET_ACCESS_KEY": "secret"]

    @Test("no S3_BUCKET: no targets, jobs stay local")
    func none() throws {
        let settings = try SpoolConfiguration.fromEnvironment([:]).objectStorage
        #expect(settings.targets.isEmpty && settings.defaultTarget == nil)
        #expect(try settings.objectStorage() == nil)
    }

    @Test("S3_BUCKET makes `s3`: AWS by default (virtual-hosted), path-style with an endpoint; more targets fall back to S3_*")
    func targets() throws {
        let aws = try SpoolConfiguration.fromEnvironment(Self.base.merging(["S3_REGION": "eu-west-1"]) { $1 }).objectStorage
        let target = try #require(aws.targets.first)
        #expect(target.name == "s3" && target.endpoint.absoluteString == "https://s3.eu-west-1.amazonaws.com" && !target.pathStyle)
        #expect(!target.keepLocal)

        let env = Self.base.merging([
            "S3_ENDPOINT": "http://minio:9000", "S3_TARGETS": "archive", "S3_ARCHIVE_BUCKET": "cold", "S3_ARCHIVE_KEEP_LOCAL": "true",
            "STORAGE_TARGET": "archive",
        ]) { $1 }
        let settings = try SpoolConfiguration.fromEnvironment(env).objectStorage
        #expect(settings.targets.map(\.name) == ["s3", "archive"])
        let archive = settings.targets[1]
        #expect(archive.bucket == "cold" && archive.endpoint.absoluteString == "http://minio:9000" && archive.pathStyle && archive.keepLocal)
        #expect(archive.credentials.accessKeyID == "key")
        #expect(settings.defaultTarget == "archive")
        let storage = try #require(try settings.objectStorage())
        #expect(storage.targets.locations == ["s3": "s3://videos/", "archive": "s3://cold/"])
    }

    @Test("mistakes name the variable: an unknown STORAGE_TARGET, missing keys, a target without a bucket, a bad endpoint, a tiny part size")
    func mistakes() throws {
        let cases: [([String: String], String)] = [
            (["STORAGE_TARGET": "s3"], "STORAGE_TARGET"),
            (["S3_BUCKET": "videos"], "S3_ACCESS_KEY_ID"),
            (Self.base.merging(["S3_TARGETS": "backup"]) { $1 }, "S3_BACKUP_BUCKET"),
            (Self.base.merging(["S3_ENDPOINT": "minio:9000"]) { $1 }, "S3_ENDPOINT"),
            (Self.base.merging(["S3_PART_SIZE": "1MiB"]) { $1 }, "S3_PART_SIZE"),
            (Self.base.merging(["S3_TARGETS": "Local"]) { $1 }, "S3_TARGETS"),
        ]
        for (env, variable) in cases {
            let error = try #require(throws: ConfigurationError.self) { try SpoolConfiguration.fromEnvironment(env) }
            #expect(error.variable == variable, "\(env): \(error)")
        }
    }
}
