import Foundation

/// How a job's ``Media`` maps to a row of `media` in every database backend.
public enum MediaColumns {
    /// The table.
    public static let table = "media"

    /// Every column, in `SELECT` order; `job_id` is the key.
    public static let selection = [
        "job_id", "title", "uploader", "duration", "width", "height", "filesize", "extractor", "source_id",
        "webpage_url", "thumbnail_url", "path", "relative_path", "container", "video_codec", "audio_codec", "updated_at",
    ]

    /// Every column, with the media's value for it, in ``selection`` order.
    public static func values(of media: Media) -> [(column: String, value: ColumnValue)] {
        [
            ("job_id", .text(media.jobID.rawValue)),
            ("title", .text(media.title)),
            ("uploader", .text(media.uploader)),
            ("duration", .real(media.duration)),
            ("width", .integer(media.width.map(Int64.init))),
            ("height", .integer(media.height.map(Int64.init))),
            ("filesize", .integer(media.filesize)),
            ("extractor", .text(media.extractor)),
            ("source_id", .text(media.sourceID)),
            ("webpage_url", .text(media.webpageURL)),
            ("thumbnail_url", .text(media.thumbnailURL)),
            ("path", .text(media.path)),
            ("relative_path", .text(media.relativePath)),
            ("container", .text(media.container)),
            ("video_codec", .text(media.videoCodec)),
            ("audio_codec", .text(media.audioCodec)),
            ("updated_at", .real(media.updatedAt.timeIntervalSince1970)),
        ]
    }

    /// Decodes a row that has the ``selection`` columns.
    ///
    /// - Throws: ``CorruptRow`` when a key column is missing.
    public static func media(from row: some ColumnReader) throws -> Media {
        let jobID = try row.required(row.text("job_id"), "job_id", table: table, row: "a media row")
        let updatedAt = try row.required(row.real("updated_at"), "updated_at", table: table, row: "media of job \(jobID)")
        var media = Media(jobID: JobID(jobID), updatedAt: Date(timeIntervalSince1970: updatedAt))
        media.title = try row.text("title")
        media.uploader = try row.text("uploader")
        media.duration = try row.real("duration")
        media.width = try row.integer("width").map { Int($0) }
        media.height = try row.integer("height").map { Int($0) }
        media.filesize = try row.integer("filesize")
        media.extractor = try row.text("extractor")
        media.sourceID = try row.text("source_id")
        media.webpageURL = try row.text("webpage_url")
        media.thumbnailURL = try row.text("thumbnail_url")
        media.path = try row.text("path")
        media.relativePath = try row.text("relative_path")
        media.container = try row.text("container")
        media.videoCodec = try row.text("video_codec")
        media.audioCodec = try row.text("audio_codec")
        return media
    }
}
