import Foundation
import SpoolCore

extension LocalMediaStorage: WorkFolders {
    /// The job ids named by the folders directly under `tempRoot`.
    public func workFolderIDs() throws -> [JobID] {
        guard FileManager.default.fileExists(atPath: paths.tempRoot) else { return [] }
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: paths.tempRoot)
        } catch {
            throw SpoolError(.storage, "cannot list the work folders: \(error.localizedDescription)")
        }
        return names.sorted().compactMap { name in
            let id = JobID(name)
            var isFolder: ObjCBool = false
            guard id.isWellFormed, FileManager.default.fileExists(atPath: paths.workDirectory(for: id), isDirectory: &isFolder), isFolder.boolValue
            else { return nil }
            return id
        }
    }

    /// Bytes of the regular files below the job's work folder (symbolic links are not followed).
    public func workFolderBytes(for id: JobID) -> Int64 {
        guard id.isWellFormed else { return 0 }
        let root = paths.workDirectory(for: id)
        guard let walker = FileManager.default.enumerator(atPath: root) else { return 0 }
        var total: Int64 = 0
        while let relative = walker.nextObject() as? String {
            let attributes = try? FileManager.default.attributesOfItem(atPath: root + "/" + relative)
            if attributes?[.type] as? FileAttributeType == .typeRegular, let size = attributes?[.size] as? NSNumber {
                total += size.int64Value
            }
        }
        return total
    }

    /// Removes the job's work folder (``removeTemporaryFiles(for:)``).
    public func removeWorkFolder(for id: JobID) async throws {
        try await removeTemporaryFiles(for: id)
    }
}
