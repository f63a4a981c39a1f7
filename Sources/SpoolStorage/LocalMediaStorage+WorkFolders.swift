import Foundation
import SpoolCore

extension LocalMediaStorage {
    /// The job's work folder, `tempRoot/<jobId>`.
    public func workDirectory(for id: JobID) -> String {
        paths.workDirectory(for: id)
    }

    /// Creates the job's work folder (or `subfolder` inside it) with its parents.
    public func createWorkDirectory(for id: JobID, subfolder: String?) throws -> String {
        let folder = paths.workDirectory(for: id) + (subfolder.map { "/" + $0 } ?? "")
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw SpoolError(.storage, "cannot create the work folder: \(error.localizedDescription)")
        }
        return folder
    }

    /// Names of the files directly inside `directory`, sorted.
    public func fileNames(in directory: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).sorted()
    }

    /// Whether something exists at `path`.
    public func fileExists(_ path: String) -> Bool {
        FileManager.default.fileExists(atPath: path)
    }

    /// Writes `text` as UTF-8 to `path`, atomically.
    public func write(_ text: String, to path: String) throws {
        try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
    }
}
