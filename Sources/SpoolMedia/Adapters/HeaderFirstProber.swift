import SpoolCore
import Synchronization

/// ``MediaProber`` that reads MP4/MOV and Matroska/WebM headers itself (``ContainerHeaders``) and
/// runs ffprobe only for other files or when the header reader is not sure.
///
/// Saves the start of an ffprobe process per download; ffprobe still reports the real error for a
/// file that is not media.
public struct HeaderFirstProber: MediaProber {
    /// How many probes took each path.
    public final class Statistics: Sendable {
        private let counts = Mutex((headers: 0, ffprobe: 0))

        /// Creates zeroed counters.
        public init() {}

        /// Probes answered from the headers.
        public var headers: Int { counts.withLock { $0.headers } }
        /// Probes handed to ffprobe.
        public var ffprobe: Int { counts.withLock { $0.ffprobe } }

        func count(headers: Bool) {
            counts.withLock { headers ? ($0.headers += 1) : ($0.ffprobe += 1) }
        }
    }

    /// The prober for everything the header reader leaves.
    public let fallback: FFprobeProber
    /// Counters, when the caller wants them.
    public let statistics: Statistics?

    /// Creates the prober.
    ///
    /// - Parameters:
    ///   - fallback: ffprobe, for other containers and anything the header reader is unsure of.
    ///   - statistics: Counts the path each probe took.
    public init(fallback: FFprobeProber, statistics: Statistics? = nil) {
        self.fallback = fallback
        self.statistics = statistics
    }

    /// Format and streams of the file at `path`: from its headers when possible, else from ffprobe.
    ///
    /// - Throws: ``SpoolError`` from ffprobe (missing file, not media, no ffprobe).
    public func probe(_ path: String) async throws -> MediaProbe {
        // A few small reads of a local file: cheaper than any hop off the calling task.
        // The header reader sets `size` to the file's size.
        if let probe = ContainerHeaders.probe(path: path) {
            statistics?.count(headers: true)
            return probe
        }
        statistics?.count(headers: false)
        return try await fallback.probe(path)
    }
}
