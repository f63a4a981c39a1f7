import Foundation

/// A single `Range: bytes=…` request against a file of `size` bytes.
enum ByteRange: Equatable {
    /// The half-open byte range to send.
    case satisfiable(Range<Int64>)
    /// No byte of the file is in the range (answer 416).
    case unsatisfiable

    /// Parses `bytes=a-b`, `bytes=a-` and `bytes=-n`; nil (send the whole file) for no header,
    /// other units or several ranges.
    init?(header: String?, size: Int64) {
        guard let header, header.hasPrefix("bytes="), !header.contains(",") else { return nil }
        let spec = header.dropFirst("bytes=".count).trimmingCharacters(in: .whitespaces)
        let parts = spec.split(separator: "-", maxSplits: 1, omittingEmptySubsequences: false)
        guard parts.count == 2 else { return nil }
        let first = Int64(parts[0].trimmingCharacters(in: .whitespaces))
        let last = Int64(parts[1].trimmingCharacters(in: .whitespaces))
        switch (first, last) {
        case let (start?, end?) where start <= end:
            self = start < size ? .satisfiable(start..<min(end + 1, size)) : .unsatisfiable
        case let (start?, nil) where parts[1].isEmpty:
            self = start < size ? .satisfiable(start..<size) : .unsatisfiable
        case let (nil, suffix?) where parts[0].isEmpty:
            self = suffix > 0 && size > 0 ? .satisfiable(max(0, size - suffix)..<size) : .unsatisfiable
        default:
            return nil
        }
    }
}
