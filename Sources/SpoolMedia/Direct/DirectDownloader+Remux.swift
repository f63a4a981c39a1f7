import Foundation
import SpoolCore

extension DirectDownloader {
    /// Like yt-dlp's `--remux-video <container>`: when the file's extension is not the job's
    /// container, copies its streams into that container with ffmpeg and deletes the original.
    /// - Returns: the final file's path.
    func remuxIfNeeded(_ path: String, ext: String, request: MediaDownloadRequest, onEvent: @Sendable (MediaDownloadEvent) async -> Void) async throws -> String {
        let container = request.container.rawValue
        guard ext.lowercased() != container else { return path }
        let stem = (path as NSString).deletingPathExtension
        let output = stem + "." + container
        let temporary = stem + ".temp." + container
        await onEvent(.log("[VideoRemuxer] Remuxing video from \(ext) to \(container); Destination: \((output as NSString).lastPathComponent)"))
        var arguments = ["-i", FFmpeg.fileURL(path), "-map", "0", "-dn", "-ignore_unknown", "-c", "copy"]
        if container == "mp4" { arguments += ["-movflags", "+faststart"] }
        arguments.append(FFmpeg.fileURL(temporary))
        do {
            try await MediaError.mapped { _ = try await ffmpeg.run(arguments) }
        } catch {
            try? FileManager.default.removeItem(atPath: temporary)
            throw error
        }
        guard rename(temporary, output) == 0 else {
            throw SpoolError(.storage, "cannot keep the remuxed file: \(String(cString: strerror(errno)))")
        }
        try? FileManager.default.removeItem(atPath: path)
        return output
    }
}
