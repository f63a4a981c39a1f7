import SpoolCore

/// ``MediaProber`` on ffprobe: maps ``ProbeResult`` to the core's ``MediaProbe`` and its
/// ``MediaError`` to ``SpoolError``.
public struct FFprobeProber: MediaProber {
    /// The ffprobe runner.
    public let ffprobe: FFprobe

    /// Creates the adapter.
    public init(_ ffprobe: FFprobe) {
        self.ffprobe = ffprobe
    }

    /// Format and streams of the file at `path`; see ``FFprobe/probe(_:)``.
    public func probe(_ path: String) async throws -> MediaProbe {
        try await MediaError.mapped { try await ffprobe.probe(path) }.mediaProbe
    }
}
