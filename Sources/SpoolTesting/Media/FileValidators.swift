import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The validators a ``MediaServer`` sends for a file, as nginx derives them: a strong `ETag` from the
/// file's inode, modification time (nanoseconds) and size, so replacing the file (or rewriting it)
/// changes it, and `Last-Modified` from the modification time.
struct FileValidators: Equatable {
    /// The quoted entity tag.
    var etag: String
    /// The HTTP date of the last modification.
    var lastModified: String

    /// The validators of the file at `path`; nil when it cannot be read.
    init?(path: String) {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        #if canImport(Glibc)
        let seconds = Int64(info.st_mtim.tv_sec)
        let nanoseconds = Int64(info.st_mtim.tv_nsec)
        #else
        let seconds = Int64(info.st_mtimespec.tv_sec)
        let nanoseconds = Int64(info.st_mtimespec.tv_nsec)
        #endif
        etag = "\"" + [UInt64(info.st_ino), UInt64(seconds * 1_000_000_000 + nanoseconds), UInt64(info.st_size)]
            .map { String($0, radix: 16) }.joined(separator: "-") + "\""
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        lastModified = formatter.string(from: Date(timeIntervalSince1970: TimeInterval(seconds)))
    }

    /// Whether a request's `If-Range` (an entity tag or a date) still names this file, so its
    /// `Range` applies; a weak tag never matches (RFC 9110, 13.1.5).
    func allowsRange(ifRange: String?) -> Bool {
        guard let ifRange = ifRange?.trimmingCharacters(in: .whitespaces) else { return true }
        if ifRange.hasPrefix("\"") { return ifRange == etag }
        if ifRange.hasPrefix("W/") { return false }
        return ifRange == lastModified
    }
}
