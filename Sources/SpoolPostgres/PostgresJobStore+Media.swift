import Foundation
import PostgresNIO
import SpoolCore

extension PostgresJobStore {
    /// Inserts or replaces the job's media row.
    ///
    /// - Throws: `SpoolError(.notFound)` when the job does not exist.
    public func saveMedia(_ media: Media) async throws {
        let saved = try await database.transaction("save media of job \(media.jobID)") { connection in
            try await connection.query("""
                INSERT INTO media (job_id, title, uploader, duration, width, height, filesize, extractor, source_id,
                    webpage_url, thumbnail_url, path, relative_path, container, video_codec, audio_codec, updated_at)
                SELECT id, \(media.title), \(media.uploader), \(media.duration), \(media.width), \(media.height),
                    \(media.filesize), \(media.extractor), \(media.sourceID), \(media.webpageURL), \(media.thumbnailURL),
                    \(media.path), \(media.relativePath), \(media.container), \(media.videoCodec), \(media.audioCodec),
                    \(media.updatedAt.timeIntervalSince1970)
                FROM jobs WHERE id = \(media.jobID.rawValue)
                ON CONFLICT (job_id) DO UPDATE SET
                    title = excluded.title, uploader = excluded.uploader, duration = excluded.duration,
                    width = excluded.width, height = excluded.height, filesize = excluded.filesize,
                    extractor = excluded.extractor, source_id = excluded.source_id, webpage_url = excluded.webpage_url,
                    thumbnail_url = excluded.thumbnail_url, path = excluded.path, relative_path = excluded.relative_path,
                    container = excluded.container, video_codec = excluded.video_codec, audio_codec = excluded.audio_codec,
                    updated_at = excluded.updated_at
                RETURNING job_id
                """, logger: logger).collect()
        }
        guard !saved.isEmpty else { throw SpoolError.jobNotFound(media.jobID) }
    }

    /// The job's media, or nil.
    public func media(for id: JobID) async throws -> Media? {
        try await database.read("read media of job \(id)") { connection in
            let rows = try await connection.query("""
                SELECT title, uploader, duration, width, height, filesize, extractor, source_id, webpage_url,
                    thumbnail_url, path, relative_path, container, video_codec, audio_codec, updated_at
                FROM media WHERE job_id = \(id.rawValue)
                """, logger: logger).collect()
            guard let row = rows.first?.makeRandomAccess() else { return nil }
            var media = Media(jobID: id, updatedAt: Date(timeIntervalSince1970: try row["updated_at"].decode(Double.self)))
            media.title = try row["title"].decode(String?.self)
            media.uploader = try row["uploader"].decode(String?.self)
            media.duration = try row["duration"].decode(Double?.self)
            media.width = try row["width"].decode(Int?.self)
            media.height = try row["height"].decode(Int?.self)
            media.filesize = try row["filesize"].decode(Int64?.self)
            media.extractor = try row["extractor"].decode(String?.self)
            media.sourceID = try row["source_id"].decode(String?.self)
            media.webpageURL = try row["webpage_url"].decode(String?.self)
            media.thumbnailURL = try row["thumbnail_url"].decode(String?.self)
            media.path = try row["path"].decode(String?.self)
            media.relativePath = try row["relative_path"].decode(String?.self)
            media.container = try row["container"].decode(String?.self)
            media.videoCodec = try row["video_codec"].decode(String?.self)
            media.audioCodec = try row["audio_codec"].decode(String?.self)
            return media
        }
    }
}
