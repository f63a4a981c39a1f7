import Foundation
import SpoolCore

/// A finished media file on disk, resolved and checked to lie inside the library.
struct FinishedFile: Sendable, Hashable {
    /// Resolved absolute path.
    let path: String
    /// File name (last path component).
    let name: String
    /// Size in bytes.
    let size: Int64
    /// Weak validator from size and modification time.
    let eTag: String

    /// Resolves `path` (following symbolic links); nil unless it is a regular file strictly inside
    /// `libraryRoot` (itself resolved).
    init?(path: String, libraryRoot: String) {
        let resolved = URL(fileURLWithPath: path).resolvingSymlinksInPath().standardizedFileURL.path
        var root = URL(fileURLWithPath: libraryRoot).resolvingSymlinksInPath().standardizedFileURL.path
        if !root.hasSuffix("/") { root += "/" }
        guard resolved.hasPrefix(root), resolved.count > root.count,
              let attributes = try? FileManager.default.attributesOfItem(atPath: resolved),
              attributes[.type] as? FileAttributeType == .typeRegular
        else { return nil }
        self.path = resolved
        name = URL(fileURLWithPath: resolved).lastPathComponent
        size = (attributes[.size] as? NSNumber)?.int64Value ?? 0
        let modified = (attributes[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
        eTag = "W/\"\(String(size, radix: 16))-\(String(Int64(modified * 1_000), radix: 16))\""
    }

    /// Media type by file extension.
    var contentType: String { FileContentType.of(name) }
}
