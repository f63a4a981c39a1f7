import SpoolCore

/// Reads what the download stage needs (container, duration, size, streams) straight from an MP4/MOV
/// or Matroska/WebM file's headers, without starting ffprobe.
///
/// Only box and element headers and the `moov`, `Info`, `Tracks` and `Tags` payloads are read
/// (never the media data), at most ``readLimit`` bytes in all. Names follow ffprobe (`h264`,
/// `mov,mp4,m4a,3gp,3g2,mj2`), so a result matches ``ProbeResult/mediaProbe``.
public enum ContainerHeaders {
    /// The most bytes one probe reads before giving up.
    public static let readLimit = 80 << 20

    /// The file's format and streams, or nil when the reader is not sure (another container, a
    /// codec or structure it does not map, a malformed or truncated file): ask ffprobe then.
    ///
    /// - Parameter path: A local file.
    /// - Returns: The probe, with `size` the file's size; nil to fall back.
    public static func probe(path: String) -> MediaProbe? {
        guard var file = HeaderFile(path: path, budget: readLimit), let magic = file.read(at: 0, count: 8) else { return nil }
        if magic[0 ..< 4] == [0x1A, 0x45, 0xDF, 0xA3] {
            return MatroskaHeaders.probe(&file)
        }
        if ByteCursor.fourCC(magic[4 ..< 8]) == "ftyp" {
            return MP4Headers.probe(&file)
        }
        return nil
    }
}
