import SpoolStorage

/// Where jobs and media live on this machine: the embedded database, the media root, work folders.
public struct StorageSettings: Sendable {
    /// SQLite database file (DB_PATH, default ./data/spool.sqlite).
    public var databasePath: String = "./data/spool.sqlite"
    /// Media root (MEDIA_ROOT, default ./data/media).
    public var mediaRoot: String = "./data/media"
    /// Work folders (DOWNLOAD_TEMP_DIR, default MEDIA_ROOT/tmp).
    public var downloadTempDirectory: String?
    /// Jobs are refused below this much free space (MIN_FREE_SPACE, default 1GiB).
    public var minFreeBytes: Int64 = 1 << 30

    /// Defaults.
    public init() {}

    /// The media layout these settings describe.
    var mediaPaths: MediaPaths {
        MediaPaths(mediaRoot: mediaRoot, tempRoot: downloadTempDirectory)
    }

    init(reader: EnvironmentReader) throws {
        databasePath = reader.string("DB_PATH") ?? databasePath
        mediaRoot = reader.string("MEDIA_ROOT") ?? mediaRoot
        downloadTempDirectory = reader.string("DOWNLOAD_TEMP_DIR")
        minFreeBytes = try reader.bytes("MIN_FREE_SPACE") ?? minFreeBytes
    }
}
