import Crypto
import NIOCore
import NIOPosix
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A local file opened for reading, read at explicit offsets (`pread`) on NIO's blocking-I/O thread
/// pool, so several parts of one file can be read at once and no read blocks a Swift task. The
/// descriptor closes when the last reference goes, so a request body still being streamed keeps
/// its file open.
final class ReadOnlyFile: Sendable {
    /// The path it was opened from (for messages).
    let path: String
    /// Its size when opened.
    let size: Int64
    private let descriptor: Int32

    /// Opens `path` read-only.
    /// - Throws: ``S3Error/Code/fileUnreadable`` when it cannot be opened or is not a regular file.
    init(path: String) async throws {
        let (descriptor, size) = try await NIOThreadPool.singleton.runIfActive { () throws -> (Int32, Int64) in
            let descriptor = open(path, O_RDONLY | O_CLOEXEC)
            guard descriptor >= 0 else { throw ReadOnlyFile.failure(path, "cannot be opened", errno) }
            var status = stat()
            guard fstat(descriptor, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG else {
                let code = errno
                close(descriptor)
                throw ReadOnlyFile.failure(path, "is not a regular file", code)
            }
            return (descriptor, Int64(status.st_size))
        }
        self.path = path
        self.size = size
        self.descriptor = descriptor
    }

    deinit {
        close(descriptor)
    }

    /// Reads `count` bytes at `offset` (fewer only at the end of the file).
    func read(offset: Int64, count: Int) async throws -> ByteBuffer {
        try await NIOThreadPool.singleton.runIfActive { [self] in
            var buffer = ByteBufferAllocator().buffer(capacity: count)
            _ = try buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: count) { pointer in
                try self.readFully(into: UnsafeMutableRawBufferPointer(rebasing: pointer.prefix(count)), offset: offset)
            }
            return buffer
        }
    }

    /// The SHA-256 (lowercase hex) and the CRC-32 of `length` bytes at `offset`, each when asked
    /// for, from one read on the thread pool.
    func digests(offset: Int64, length: Int64, sha256: Bool, crc32: Bool) async throws -> (sha256: String?, crc32: UInt32?) {
        guard sha256 || crc32 else { return (nil, nil) }
        return try await NIOThreadPool.singleton.runIfActive { [self] in
            var hasher = SHA256()
            var checksum = CRC32()
            let chunk = 1 << 20
            let storage = UnsafeMutableRawBufferPointer.allocate(byteCount: chunk, alignment: 16)
            defer { storage.deallocate() }
            var position: Int64 = 0
            while position < length {
                let wanted = Int(min(Int64(chunk), length - position))
                let got = try readFully(into: UnsafeMutableRawBufferPointer(rebasing: storage[0..<wanted]), offset: offset + position)
                guard got == wanted else { throw Self.failure(path, "ended early (changed while uploading?)", 0) }
                let bytes = UnsafeRawBufferPointer(rebasing: storage[0..<got])
                if sha256 { hasher.update(bufferPointer: bytes) }
                if crc32 { checksum.update(bytes) }
                position += Int64(got)
            }
            return (sha256 ? Hex.encode(hasher.finalize()) : nil, crc32 ? checksum.value : nil)
        }
    }

    /// `length` bytes at `offset` as a sequence of buffers of at most `chunkSize` bytes, read one
    /// at a time as the consumer asks (the request body of an upload); `onChunk` hears each size.
    func chunks(offset: Int64, length: Int64, chunkSize: Int = 1 << 20, onChunk: @escaping @Sendable (Int) -> Void = { _ in }) -> FileChunks {
        FileChunks(file: self, offset: offset, length: length, chunkSize: chunkSize, onChunk: onChunk)
    }

    /// Reads until the buffer is full or the file ends; returns the bytes read.
    private func readFully(into buffer: UnsafeMutableRawBufferPointer, offset: Int64) throws -> Int {
        var total = 0
        while total < buffer.count {
            let count = pread(descriptor, buffer.baseAddress! + total, buffer.count - total, off_t(offset + Int64(total)))
            if count < 0 {
                if errno == EINTR { continue }
                throw Self.failure(path, "cannot be read", errno)
            }
            if count == 0 { break }
            total += count
        }
        return total
    }

    private static func failure(_ path: String, _ what: String, _ code: Int32) -> S3Error {
        let reason = code == 0 ? "" : ": " + String(cString: strerror(code))
        return S3Error(code: .fileUnreadable, message: "\(path) \(what)\(reason)", resource: path)
    }
}

/// A byte range of a ``ReadOnlyFile`` as an async sequence of buffers (a streamed request body).
struct FileChunks: AsyncSequence, Sendable {
    typealias Element = ByteBuffer

    let file: ReadOnlyFile
    let offset: Int64
    let length: Int64
    let chunkSize: Int
    let onChunk: @Sendable (Int) -> Void

    func makeAsyncIterator() -> Iterator {
        Iterator(chunks: self, position: 0)
    }

    /// Reads the next chunk when asked.
    struct Iterator: AsyncIteratorProtocol {
        let chunks: FileChunks
        var position: Int64

        mutating func next() async throws -> ByteBuffer? {
            guard position < chunks.length else { return nil }
            let wanted = Int(Swift.min(Int64(chunks.chunkSize), chunks.length - position))
            let buffer = try await chunks.file.read(offset: chunks.offset + position, count: wanted)
            guard buffer.readableBytes == wanted else {
                throw S3Error(code: .fileUnreadable, message: "\(chunks.file.path) ended early (changed while uploading?)", resource: chunks.file.path)
            }
            position += Int64(wanted)
            chunks.onChunk(wanted)
            return buffer
        }
    }
}
