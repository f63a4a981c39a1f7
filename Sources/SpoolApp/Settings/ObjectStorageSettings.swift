import Foundation
import SpoolCore
import SpoolS3
import SpoolStorage

/// Object storage: the S3-compatible targets finished files can be uploaded to, the one new jobs
/// use, and how uploads run.
///
/// `S3_BUCKET` makes the target `s3` from the `S3_*` variables. `S3_TARGETS=archive,backup` adds
/// more, each from `S3_<NAME>_*` (`S3_ARCHIVE_BUCKET`, …), a variable it lacks falling back to the
/// plain `S3_*` one (so targets can share an endpoint and credentials).
public struct ObjectStorageSettings: Sendable {
    /// One bucket and how to reach it.
    public struct Target: Sendable {
        /// The name jobs and profiles use.
        public var name: String
        /// The service's base URL.
        public var endpoint: URL
        /// The region requests are signed for.
        public var region: String
        /// The bucket.
        public var bucket: String
        /// Prepended to every key.
        public var prefix: String
        /// `https://endpoint/bucket/key` (true) or `https://bucket.endpoint/key`.
        public var pathStyle: Bool
        /// The access key id and secret.
        public var credentials: S3Credentials
        /// The endpoint presigned links name, when browsers reach the bucket elsewhere than Spool does.
        public var publicEndpoint: URL?
        /// Whether the library keeps its copy after a verified upload.
        public var keepLocal: Bool
    }

    /// The targets, `s3` first when `S3_BUCKET` is set.
    public var targets: [Target] = []
    /// The target of jobs that name none (STORAGE_TARGET; nil or `local`: the library).
    public var defaultTarget: String?
    /// Jobs uploading at once (UPLOAD_CONCURRENCY, default 2).
    public var concurrency: Int = 2
    /// Part size of multipart uploads (S3_PART_SIZE, default 16 MiB; grown for files that would need more than 10,000 parts).
    public var partSize: Int64 = 16 << 20
    /// Parts of one file in flight at once (S3_UPLOAD_PARALLELISM, default 4).
    public var parallelism: Int = 4

    /// Defaults: no targets.
    public init() {}

    init(reader: EnvironmentReader) throws {
        concurrency = try reader.int("UPLOAD_CONCURRENCY", range: 1...64) ?? concurrency
        partSize = try reader.bytes("S3_PART_SIZE") ?? partSize
        guard partSize >= MultipartPlan.minimumPartSize, partSize <= MultipartPlan.maximumPartSize else {
            throw ConfigurationError(variable: "S3_PART_SIZE", message: "must be 5MiB to 5GiB (S3's limits)")
        }
        parallelism = try reader.int("S3_UPLOAD_PARALLELISM", range: 1...32) ?? parallelism
        if reader.string("S3_BUCKET") != nil {
            targets.append(try Self.target(named: "s3", variablePrefix: "S3_", reader: reader))
        }
        for name in (reader.string("S3_TARGETS") ?? "").split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces).lowercased() }) where !name.isEmpty {
            guard StorageTargets.isValidName(name), name != "local", name != "s3" else {
                throw ConfigurationError(variable: "S3_TARGETS", message: "names lowercase letters, digits and '-' (not 'local' or 's3'), got '\(name)'")
            }
            guard !targets.contains(where: { $0.name == name }) else { continue }
            let prefix = "S3_" + name.uppercased().replacingOccurrences(of: "-", with: "_") + "_"
            guard reader.string(prefix + "BUCKET") != nil else {
                throw ConfigurationError(variable: prefix + "BUCKET", message: "must be set for the storage target '\(name)' of S3_TARGETS")
            }
            targets.append(try Self.target(named: name, variablePrefix: prefix, reader: reader))
        }
        if let wanted = reader.string("STORAGE_TARGET")?.lowercased(), wanted != "local" {
            guard targets.contains(where: { $0.name == wanted }) else {
                let known = (["local"] + targets.map(\.name)).joined(separator: ", ")
                throw ConfigurationError(variable: "STORAGE_TARGET", message: "names no storage target; there are: \(known) (set S3_BUCKET for 's3')")
            }
            defaultTarget = wanted
        }
    }

    /// The object storage over the targets; nil when there are none.
    public func objectStorage() throws -> S3ObjectStorage? {
        guard !targets.isEmpty else { return nil }
        let uploads = MultipartUploader.Configuration(partSize: partSize, concurrency: parallelism)
        let built = try targets.map { target in
            let client = try Self.client(target, endpoint: target.endpoint)
            let links = try target.publicEndpoint.map { try Self.client(target, endpoint: $0) }
            return S3Target(name: target.name, client: client, linkClient: links, prefix: target.prefix, keepLocal: target.keepLocal, uploads: uploads)
        }
        return S3ObjectStorage(targets: built, defaultTarget: defaultTarget)
    }

    private static func client(_ target: Target, endpoint: URL) throws -> S3Client {
        do {
            return try S3Client(configuration: .init(
                endpoint: endpoint, region: target.region, bucket: target.bucket,
                addressing: target.pathStyle ? .pathStyle : .virtualHosted, credentials: target.credentials
            ))
        } catch {
            throw ConfigurationError(variable: "S3_* of storage target '\(target.name)'", message: error.message)
        }
    }

    /// A target from `<prefix>BUCKET`, `…ENDPOINT`, `…REGION`, `…PREFIX`, `…PATH_STYLE`,
    /// `…ACCESS_KEY_ID`, `…SECRET_ACCESS_KEY`, `…SESSION_TOKEN`, `…PUBLIC_ENDPOINT`, `…KEEP_LOCAL`,
    /// each falling back to the `S3_` one (and the keys to `AWS_ACCESS_KEY_ID`/`AWS_SECRET_ACCESS_KEY`).
    private static func target(named name: String, variablePrefix prefix: String, reader: EnvironmentReader) throws -> Target {
        // `base` is the plain variable (`S3_ENDPOINT`); the target's own one replaces `S3_` with its prefix.
        func own(_ base: String) -> String { prefix + base.dropFirst(3) }
        func value(_ base: String) -> (variable: String, text: String)? {
            if let text = reader.string(own(base)) { return (own(base), text) }
            if let text = reader.string(base) { return (base, text) }
            return nil
        }
        func flag(_ base: String) throws -> Bool? {
            if reader.string(own(base)) != nil { return try reader.bool(own(base)) }
            return try reader.bool(base)
        }
        func url(_ base: String) throws -> URL? {
            guard let (variable, text) = value(base) else { return nil }
            guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https", url.host != nil else {
                throw ConfigurationError(variable: variable, message: "must be an http:// or https:// URL, got '\(text)'")
            }
            return url
        }
        let region = value("S3_REGION")?.text ?? "us-east-1"
        let explicitEndpoint = try url("S3_ENDPOINT")
        let endpoint = explicitEndpoint ?? URL(string: "https://s3.\(region).amazonaws.com")!
        guard let accessKey = value("S3_ACCESS_KEY_ID")?.text ?? reader.string("AWS_ACCESS_KEY_ID"),
              let secret = value("S3_SECRET_ACCESS_KEY")?.text ?? reader.string("AWS_SECRET_ACCESS_KEY")
        else {
            throw ConfigurationError(variable: own("S3_ACCESS_KEY_ID"), message: "and \(own("S3_SECRET_ACCESS_KEY")) must be set for the storage target '\(name)'")
        }
        return Target(
            name: name, endpoint: endpoint, region: region, bucket: value("S3_BUCKET")?.text ?? "",
            prefix: value("S3_PREFIX")?.text ?? "",
            pathStyle: try flag("S3_PATH_STYLE") ?? (explicitEndpoint != nil),
            credentials: S3Credentials(accessKeyID: accessKey, secretAccessKey: secret, sessionToken: value("S3_SESSION_TOKEN")?.text),
            publicEndpoint: try url("S3_PUBLIC_ENDPOINT"),
            keepLocal: try flag("S3_KEEP_LOCAL") ?? false
        )
    }
}
