import Foundation

/// The web UI and the OpenAPI document carried inside the binary (``EmbeddedResources``, generated
/// by `scripts/embed_resources.py`), so `spool` needs no resource folder next to it.
enum EmbeddedWebUI {
    /// Decoded bytes of an embedded file.
    static func bytes(_ base64: String) -> Data {
        guard let data = Data(base64Encoded: base64, options: .ignoreUnknownCharacters) else {
            preconditionFailure("an embedded resource is not valid base64; regenerate with scripts/embed_resources.py")
        }
        return data
    }

    /// The OpenAPI document.
    static var openAPIDocument: Data { bytes(EmbeddedResources.openAPIDocument) }

    /// A folder holding the web UI's files, for the file middleware: written once per content
    /// version under the temporary folder (`spool-webui-<uid>-<hash>`), reused while its files
    /// still match, else written afresh to a folder of this process's own.
    static func folder() throws -> String {
        let files = EmbeddedResources.webUI.map { ($0.path, bytes($0.base64)) }
        let base = FileManager.default.temporaryDirectory.path
        let shared = base + "/spool-webui-\(getuid())-\(contentHash(files))"
        if holds(files, at: shared) { return shared }
        let staging = base + "/spool-webui-\(UUID().uuidString)"
        try write(files, to: staging)
        _ = try? FileManager.default.moveItem(atPath: staging, toPath: shared)
        if holds(files, at: shared) {
            // Ours, or another process's identical copy that got there first.
            try? FileManager.default.removeItem(atPath: staging)
            return shared
        }
        // The shared name is taken by something else: use our own copy.
        return staging
    }

    /// Whether `folder` exists, belongs to this user and holds exactly these bytes.
    private static func holds(_ files: [(String, Data)], at folder: String) -> Bool {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: folder),
              (attributes[.ownerAccountID] as? NSNumber)?.uint32Value == getuid()
        else { return false }
        return files.allSatisfy { path, data in FileManager.default.contents(atPath: folder + "/" + path) == data }
    }

    private static func write(_ files: [(String, Data)], to folder: String) throws {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o755])
        for (path, data) in files {
            let url = URL(fileURLWithPath: folder + "/" + path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try data.write(to: url, options: .atomic)
        }
    }

    /// FNV-1a over the paths and bytes: names the folder of one content version.
    private static func contentHash(_ files: [(String, Data)]) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for (path, data) in files {
            for byte in Data(path.utf8) + data {
                hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
            }
        }
        return String(hash, radix: 16)
    }
}
