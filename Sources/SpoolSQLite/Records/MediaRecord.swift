import GRDB
import SpoolCore

/// A row of `media`, as ``MediaColumns`` maps it: one per job, deleted with it.
struct MediaRecord: Sendable, FetchableRecord, PersistableRecord {
    static let databaseTableName = MediaColumns.table

    static var databaseSelection: [any SQLSelectable] { MediaColumns.selection.map { Column($0) } }

    /// The media.
    var media: Media

    /// A record for the media.
    init(_ media: Media) {
        self.media = media
    }

    init(row: Row) throws {
        media = try MediaColumns.media(from: SQLiteColumnReader(row: row))
    }

    func encode(to container: inout PersistenceContainer) throws {
        try container.store(MediaColumns.values(of: media))
    }
}
