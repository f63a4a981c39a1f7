import Foundation
import GRDB
import SpoolCore

/// A row of `media`: one per job, deleted with it.
struct MediaRecord: Codable, Sendable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "media"

    enum CodingKeys: String, CodingKey {
        case jobID = "job_id"
        case title, uploader, duration, width, height, filesize, extractor
        case sourceID = "source_id"
        case webpageURL = "webpage_url"
        case thumbnailURL = "thumbnail_url"
        case path
        case relativePath = "relative_path"
        case container
        case videoCodec = "video_codec"
        case audioCodec = "audio_codec"
        case updatedAt = "updated_at"
    }

    var jobID: String
    var title: String?
    var uploader: String?
    var duration: Double?
    var width: Int?
    var height: Int?
    var filesize: Int64?
    var extractor: String?
    var sourceID: String?
    var webpageURL: String?
    var thumbnailURL: String?
    var path: String?
    var relativePath: String?
    var container: String?
    var videoCodec: String?
    var audioCodec: String?
    /// Unix seconds.
    var updatedAt: Double

    /// A record for the media.
    init(_ media: Media) {
        jobID = media.jobID.rawValue
        title = media.title
        uploader = media.uploader
        duration = media.duration
        width = media.width
        height = media.height
        filesize = media.filesize
        extractor = media.extractor
        sourceID = media.sourceID
        webpageURL = media.webpageURL
        thumbnailURL = media.thumbnailURL
        path = media.path
        relativePath = media.relativePath
        container = media.container
        videoCodec = media.videoCodec
        audioCodec = media.audioCodec
        updatedAt = media.updatedAt.timeIntervalSince1970
    }

    /// The domain value.
    var media: Media {
        var media = Media(jobID: JobID(jobID), updatedAt: Date(timeIntervalSince1970: updatedAt))
        media.title = title
        media.uploader = uploader
        media.duration = duration
        media.width = width
        media.height = height
        media.filesize = filesize
        media.extractor = extractor
        media.sourceID = sourceID
        media.webpageURL = webpageURL
        media.thumbnailURL = thumbnailURL
        media.path = path
        media.relativePath = relativePath
        media.container = container
        media.videoCodec = videoCodec
        media.audioCodec = audioCodec
        return media
    }
}
