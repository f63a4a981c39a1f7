import Dispatch

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A pipe Spool creates itself, and the bytes of its read end as an async stream.
///
/// Used where the writer is not a process Spool spawns (a fork server's child gets the write end by
/// descriptor passing). Both ends are close-on-exec, so no other child inherits them and the reader
/// sees end of stream as soon as the last real writer is gone.
final class PipeReader: Sendable {
    /// The read end's bytes, in the pieces the kernel hands over; ends at end of stream.
    typealias Chunks = AsyncThrowingStream<[UInt8], any Error>

    /// The stream of the read end; iterate it once.
    let chunks: Chunks
    /// The write end, for the caller to hand over and then close with ``closeWriteEnd()``.
    let writeEnd: Int32
    private let source: ReadSource

    /// Creates the pipe and starts watching its read end.
    ///
    /// - Throws: ``MediaError`` `.toolFailed` when the system has no descriptors left.
    init() throws {
        var ends: [Int32] = [-1, -1]
        guard pipe(&ends) == 0 else {
            throw MediaError(code: .toolFailed, message: "cannot create a pipe: \(String(cString: strerror(errno)))", tool: "yt-dlp")
        }
        let readEnd = ends[0]
        writeEnd = ends[1]
        // Close-on-exec for Foundation-spawned children; Subprocess closes descriptors above 2 anyway.
        for end in ends { _ = fcntl(end, F_SETFD, FD_CLOEXEC) }
        _ = fcntl(readEnd, F_SETFL, fcntl(readEnd, F_GETFL) | O_NONBLOCK)
        let (stream, continuation) = Chunks.makeStream()
        chunks = stream
        let source = ReadSource(DispatchSource.makeReadSource(fileDescriptor: readEnd, queue: Self.queue))
        self.source = source
        source.setEventHandler {
            // Everything available is read at once, up to EAGAIN or end of stream, so no wake-up
            // is ever needed for bytes (or an end) already seen.
            let result = Self.readAvailable(readEnd)
            if !result.bytes.isEmpty {
                continuation.yield(result.bytes)
            }
            switch result.end {
            case nil:
                break
            case .some(nil):
                continuation.finish()
                source.cancel()
            case .some(.some(let code)):
                continuation.finish(throwing: MediaError(code: .toolFailed, message: "reading yt-dlp's output failed: \(String(cString: strerror(code)))", tool: "yt-dlp"))
                source.cancel()
            }
        }
        source.setCancelHandler {
            close(readEnd)
        }
        continuation.onTermination = { _ in source.cancel() }
        source.activate()
    }

    deinit {
        source.cancel()
    }

    /// Closes this process's copy of the write end (after handing it over).
    func closeWriteEnd() {
        close(writeEnd)
    }

    /// A dispatch read source, which is safe to use from any thread (Dispatch does not mark it Sendable).
    private struct ReadSource: @unchecked Sendable {
        let source: any DispatchSourceRead

        init(_ source: any DispatchSourceRead) {
            self.source = source
        }

        func setEventHandler(_ handler: @escaping @Sendable () -> Void) { source.setEventHandler(handler: handler) }
        func setCancelHandler(_ handler: @escaping @Sendable () -> Void) { source.setCancelHandler(handler: handler) }
        func activate() { source.activate() }
        func cancel() { source.cancel() }
    }

    /// One serial queue for every pipe: the handlers only copy bytes.
    private static let queue = DispatchQueue(label: "spool.media.pipe-reader")

    /// What one read pass found: the bytes, and whether the stream ended (with an error code, or
    /// nil for end of file); `end` is nil while the writer is still there.
    private struct ReadResult {
        var bytes: [UInt8] = []
        var end: Int32?? = nil
    }

    private static func readAvailable(_ descriptor: Int32) -> ReadResult {
        var result = ReadResult()
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count > 0 {
                result.bytes.append(contentsOf: buffer[0..<count])
                continue
            }
            if count == 0 {
                result.end = .some(nil)
                return result
            }
            switch errno {
            case EINTR:
                continue
            case EAGAIN, EWOULDBLOCK:
                return result
            default:
                result.end = .some(errno)
                return result
            }
        }
    }
}
