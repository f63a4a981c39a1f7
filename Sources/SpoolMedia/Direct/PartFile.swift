import NIOCore
import SystemPackage
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The `.part` file of a direct download, open for writing at any offset: connections write their
/// ranges into it with `pwrite`, so no segment is ever held in memory.
struct PartFile: Sendable {
    /// The open file.
    let descriptor: SystemPackage.FileDescriptor

    /// Opens (creating if needed) the file at `path` for `body`, and closes it afterwards.
    static func withFile<T>(at path: String, _ body: (PartFile) async throws -> T) async throws -> T {
        let descriptor = try SystemPackage.FileDescriptor.open(
            FilePath(path), .readWrite, options: [.create], permissions: [.ownerReadWrite, .groupRead, .otherRead]
        )
        let file = PartFile(descriptor: descriptor)
        do {
            let result = try await body(file)
            try descriptor.close()
            return result
        } catch {
            try? descriptor.close()
            throw error
        }
    }

    /// The file's current size.
    func size() throws -> Int64 {
        try descriptor.seek(offset: 0, from: SystemPackage.FileDescriptor.SeekOrigin.end)
    }

    /// Gives the file its final `length`: allocated on disk where the filesystem can (so a full disk
    /// shows at the start, not halfway), else just extended.
    func preallocate(_ length: Int64) throws {
        guard try size() != length else { return }
        try descriptor.resize(to: length)
        #if canImport(Glibc)
        if length > 0 { _ = posix_fallocate(descriptor.rawValue, 0, off_t(length)) }
        #endif
    }

    /// Writes `buffer`'s readable bytes at `offset`.
    func write(_ buffer: ByteBuffer, at offset: Int64) throws {
        _ = try buffer.withUnsafeReadableBytes { bytes in
            try descriptor.writeAll(toAbsoluteOffset: offset, bytes)
        }
    }

    /// Flushes the written data to disk (before a resume map claims it).
    func sync() throws {
        #if canImport(Glibc)
        guard fdatasync(descriptor.rawValue) == 0 else { throw Errno(rawValue: errno) }
        #else
        guard fsync(descriptor.rawValue) == 0 else { throw Errno(rawValue: errno) }
        #endif
    }
}
