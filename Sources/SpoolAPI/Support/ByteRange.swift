import Foundation

/// A single `Range: bytes=…` request header, resolved against a file size.
///
/// Only one range is served (what browsers send for media); a list of ranges is treated as its
/// first member. Forms: `a-b`, `a-` (to the end), `-n` (the last n bytes).
enum ByteRange {
    /// The outcome of resolving a header.
    enum Resolution: Equatable {
        /// Serve these bytes (inclusive bounds) with `206`.
        case partial(ClosedRange<Int64>)
        /// The range lies outside the file: `416` with `Content-Range: bytes */size`.
        case unsatisfiable
        /// The header is not a byte range Spool understands: serve the whole file.
        case ignored
    }

    /// Resolves `header` for a file of `size` bytes.
    static func resolve(_ header: String, size: Int64) -> Resolution {
        guard header.hasPrefix("bytes=") else { return .ignored }
        let first = header.dropFirst(6).split(separator: ",", omittingEmptySubsequences: false).first ?? ""
        let spec = first.trimmingCharacters(in: .whitespaces)
        guard let dash = spec.firstIndex(of: "-") else { return .ignored }
        let start = spec[..<dash]
        let end = spec[spec.index(after: dash)...]
        switch (Int64(start), Int64(end)) {
        case (nil, let suffix?) where start.isEmpty:
            guard suffix > 0, size > 0 else { return .unsatisfiable }
            return .partial(max(0, size - suffix)...(size - 1))
        case (let lower?, nil) where end.isEmpty:
            guard lower < size else { return .unsatisfiable }
            return .partial(lower...(size - 1))
        case (let lower?, let upper?):
            guard lower <= upper else { return .ignored }
            guard lower < size else { return .unsatisfiable }
            return .partial(lower...min(upper, size - 1))
        default:
            return .ignored
        }
    }
}
