/// Where an object is: a bucket and a key, written `s3://bucket/key` wherever Spool keeps a path
/// (a job's `outputPath`, its side-file artifacts), so every path is a string and local paths and
/// objects never mix up (a local path always starts with `/`).
public struct ObjectLocation: Sendable, Hashable, CustomStringConvertible {
    /// The scheme of stored object paths.
    public static let scheme = "s3://"

    /// The bucket.
    public let bucket: String
    /// The object's key (no leading `/`).
    public let key: String

    /// A location of `key` in `bucket`.
    public init(bucket: String, key: String) {
        self.bucket = bucket
        self.key = key
    }

    /// The location a stored `s3://bucket/key` path names; nil for anything else (a local path).
    public init?(path: String) {
        guard path.hasPrefix(Self.scheme) else { return nil }
        let rest = path.dropFirst(Self.scheme.count)
        guard let slash = rest.firstIndex(of: "/"), slash != rest.startIndex, rest.index(after: slash) != rest.endIndex else { return nil }
        self.bucket = String(rest[..<slash])
        self.key = String(rest[rest.index(after: slash)...])
    }

    /// `s3://bucket/key`.
    public var path: String { Self.scheme + bucket + "/" + key }

    /// `s3://bucket/key`.
    public var description: String { path }

    /// The key's last component: the object's file name.
    public var fileName: String { String(key.split(separator: "/").last ?? Substring(key)) }

    /// Whether `path` names an object rather than a local file.
    public static func isObjectPath(_ path: String) -> Bool { path.hasPrefix(scheme) }
}
