import Foundation
import SpoolCore

/// What the UPLOAD stage has done so far for one job, kept in its work folder
/// (`upload/journal.json`) so an attempt after a crash, a restart or a pause resumes: each file's
/// object location, the multipart upload id while it is unfinished, and whether it is done.
struct UploadJournal: Codable, Sendable, Hashable {
    /// One file's upload.
    struct Entry: Codable, Sendable, Hashable {
        /// The object path (`s3://bucket/key`) the file goes to.
        var object: String
        /// The unfinished multipart upload's id, to resume it.
        var uploadID: String?
        /// Whether the object is stored and verified.
        var done: Bool
    }

    /// Entries by the file's local path.
    var entries: [String: Entry] = [:]

    /// The journal in `folder`, or an empty one when there is none (or it cannot be read).
    static func load(from folder: String) -> UploadJournal {
        guard let data = FileManager.default.contents(atPath: file(in: folder)),
              let journal = try? JSONDecoder().decode(UploadJournal.self, from: data)
        else { return UploadJournal() }
        return journal
    }

    /// Writes the journal into `folder` atomically.
    func save(to folder: String, storage: any MediaStorage) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        try storage.write(String(decoding: try encoder.encode(self), as: UTF8.self), to: Self.file(in: folder))
    }

    private static func file(in folder: String) -> String { folder + "/journal.json" }
}
