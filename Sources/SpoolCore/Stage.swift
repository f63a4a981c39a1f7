/// A unit of media work, by name (`download`, `dub`, `mux`, `process`, …). Each has its own queue
/// and concurrency. The set is open: a stage is declared by a ``StageDefinition`` in a
/// ``StageCatalog``; the names below are the ones Spool ships.
public struct Stage: RawRepresentable, Sendable, Codable, Hashable, CustomStringConvertible {
    /// The stage's name: lowercase letters, digits and `-`.
    public let rawValue: String

    /// A stage named `rawValue`; nil when the name is empty, longer than 32 characters or holds
    /// other characters than lowercase letters, digits and `-`.
    public init?(rawValue: String) {
        guard !rawValue.isEmpty, rawValue.count <= 32,
              rawValue.allSatisfy({ ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" })
        else { return nil }
        self.rawValue = rawValue
    }

    private init(known name: String) { self.rawValue = name }

    /// Fetches the media with yt-dlp (every job's first stage).
    public static let download = Stage(known: "download")
    /// Makes the voice-over track.
    public static let dub = Stage(known: "dub")
    /// Mixes the voice-over into the file as a second audio track.
    public static let mux = Stage(known: "mux")
    /// Transcodes or compresses the file (seed 003).
    public static let process = Stage(known: "process")
    /// Uploads the finished files to object storage (an S3-compatible bucket).
    public static let upload = Stage(known: "upload")
    /// Checks followed sources (seed 004); not a stage of any job, but a queue (`q:sync`) that
    /// workers run like one (`spool worker --stage sync`).
    public static let sync = Stage(known: "sync")
    /// Maintenance (the retention, the sweep of leftover work folders, …); like `sync`, not a stage
    /// of any job, but a queue (`q:generic`) that workers run like one (`spool worker --stage generic`).
    public static let generic = Stage(known: "generic")

    /// The queue name from seed 000 (`q:download`, …).
    public var queueName: String { "q:\(rawValue)" }

    /// The name.
    public var description: String { rawValue }

    /// Decodes a stage name, rejecting malformed ones.
    public init(from decoder: any Decoder) throws {
        let name = try decoder.singleValueContainer().decode(String.self)
        guard let stage = Stage(rawValue: name) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not a stage name: \(name)"))
        }
        self = stage
    }

    /// Encodes the name.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}
