import Foundation

/// Metadata of a job's media (one row per job; filled from yt-dlp's info and ffprobe).
public struct Media: Sendable, Codable, Hashable {
    /// Owning job.
    public var jobID: JobID
    /// Title.
    public var title: String?
    /// Uploader or channel.
    public var uploader: String?
    /// Duration in seconds.
    public var duration: Double?
    /// Video width in pixels.
    public var width: Int?
    /// Video height in pixels.
    public var height: Int?
    /// Final file size in bytes.
    public var filesize: Int64?
    /// yt-dlp extractor name (`youtube`, `generic`, …).
    public var extractor: String?
    /// The site's id for the media.
    public var sourceID: String?
    /// The page URL yt-dlp resolved.
    public var webpageURL: String?
    /// Thumbnail URL, when the site has one.
    public var thumbnailURL: String?
    /// Absolute path of the finished file in the library.
    public var path: String?
    /// Path relative to the library root.
    public var relativePath: String?
    /// Container format of the file (`matroska,webm`, `mov,mp4,…`).
    public var container: String?
    /// Video codec.
    public var videoCodec: String?
    /// Audio codec.
    public var audioCodec: String?
    /// When the row was last written.
    public var updatedAt: Date

    /// Creates a media record with only the job id set.
    public init(jobID: JobID, updatedAt: Date = Date()) {
        self.jobID = jobID
        self.updatedAt = updatedAt
    }

    /// `WIDTHxHEIGHT` when both are known.
    public var resolution: String? {
        guard let width, let height else { return nil }
        return "\(width)x\(height)"
    }
}
