import Foundation

extension TestMedia {
    /// A PNG still of ffmpeg's `testsrc` pattern (a poster or thumbnail for a served page).
    ///
    /// - Parameters:
    ///   - width: Width in pixels.
    ///   - height: Height in pixels.
    ///   - destination: Where to write it.
    /// - Returns: `destination`.
    @discardableResult
    public static func generateImage(width: Int = 320, height: Int = 180, to destination: URL) async throws -> URL {
        try FileManager.default.createDirectory(at: destination.deletingLastPathComponent(), withIntermediateDirectories: true)
        try await ffmpeg(["-f", "lavfi", "-i", "testsrc=size=\(width)x\(height):duration=1", "-frames:v", "1", "-f", "image2", "-c:v", "png", destination.path])
        return destination
    }
}
