import SpoolCore
import SpoolMedia

/// The length a voice track must have.
enum MediaDuration {
    /// The request's duration, or ffprobe's reading of the media file.
    ///
    /// - Throws: ``SpoolError`` `.dubbingFailed` when neither is known; ffprobe's own failure.
    static func of(_ request: DubbingRequest, ffprobe: String) async throws -> Double {
        if let duration = request.duration, duration > 0 { return duration }
        do {
            let probe = try await FFprobe(executable: ffprobe).probe(request.mediaPath)
            guard let duration = probe.duration, duration > 0 else {
                throw SpoolError(.dubbingFailed, "the media's duration is unknown")
            }
            return duration
        } catch let error as MediaError {
            throw error.spoolError
        }
    }
}
