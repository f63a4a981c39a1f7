#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A file opened read-only for header reading: positioned reads (`pread`) with a budget on the
/// bytes read, so a malformed file can make the reader give up but never read gigabytes.
struct HeaderFile: ~Copyable {
    /// The file's size in bytes.
    let size: Int64
    private let descriptor: Int32
    private var budget: Int

    /// Opens `path`; nil when it cannot be opened or is not a regular file.
    init?(path: String, budget: Int) {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        var status = stat()
        guard fstat(descriptor, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG else {
            close(descriptor)
            return nil
        }
        self.descriptor = descriptor
        self.size = Int64(status.st_size)
        self.budget = budget
    }

    deinit {
        close(descriptor)
    }

    /// Exactly `count` bytes at `offset`; nil past the end of the file, on an error, or when the
    /// read would exceed the budget.
    mutating func read(at offset: Int64, count: Int) -> [UInt8]? {
        guard count >= 0, offset >= 0, count <= budget, offset <= size, Int64(count) <= size - offset else { return nil }
        budget -= count
        if count == 0 { return [] }
        var bytes = [UInt8](repeating: 0, count: count)
        var done = 0
        while done < count {
            let got = bytes.withUnsafeMutableBytes { buffer in
                pread(descriptor, buffer.baseAddress! + done, count - done, off_t(offset) + off_t(done))
            }
            if got < 0, errno == EINTR { continue }
            guard got > 0 else { return nil }
            done += got
        }
        return bytes
    }

    /// Up to `count` bytes at `offset` (fewer at the end of the file); nil on an error or over budget.
    mutating func readUpTo(at offset: Int64, count: Int) -> [UInt8]? {
        guard offset >= 0, offset <= size else { return nil }
        return read(at: offset, count: Int(min(Int64(count), size - offset)))
    }
}
