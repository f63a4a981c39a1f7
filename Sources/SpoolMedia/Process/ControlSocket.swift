import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Spool's end of a connected Unix stream socket pair whose other end becomes a child's stdin:
/// messages go out with file descriptors attached (SCM_RIGHTS), which is how a fork server's child
/// gets the pipes Spool reads.
final class ControlSocket: Sendable {
    /// The end a child process gets as its stdin (close it here once the child is spawned).
    let childEnd: Int32
    private let ownEnd = Mutex<Int32?>(nil)

    /// Creates the pair (both ends close-on-exec; spawning dup2s the child's end onto its stdin).
    ///
    /// - Throws: ``MediaError`` `.toolFailed` when the system has no descriptors left.
    init() throws {
        var ends: [Int32] = [-1, -1]
        guard socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0, &ends) == 0 else {
            throw Self.failure("cannot create a socket pair")
        }
        ownEnd.withLock { $0 = ends[0] }
        childEnd = ends[1]
    }

    deinit {
        close()
    }

    /// Sends `bytes` with `descriptors` attached to the first byte; the receiver gets its own copies.
    ///
    /// - Throws: ``MediaError`` `.toolFailed` when the socket is closed or the peer is gone (EPIPE).
    func send(_ bytes: [UInt8], descriptors: [Int32]) throws {
        try ownEnd.withLock { end in
            guard let end else { throw MediaError(code: .toolFailed, message: "the control socket is closed", tool: "yt-dlp") }
            var offset = 0
            var attach = descriptors
            while offset < bytes.count {
                let sent = bytes.withUnsafeBytes { body in
                    Self.sendMessage(end, UnsafeRawBufferPointer(rebasing: body[offset...]), descriptors: attach)
                }
                if sent < 0 {
                    if errno == EINTR { continue }
                    throw Self.failure("cannot reach the yt-dlp fork server")
                }
                offset += sent
                attach = []  // attached once, to the first piece
            }
        }
    }

    /// Closes Spool's end: the peer reads end of input.
    func close() {
        ownEnd.withLock { end in
            if let descriptor = end { _ = Glibc.close(descriptor) }
            end = nil
        }
    }

    /// `sendmsg` with an SCM_RIGHTS control message when `descriptors` is not empty.
    private static func sendMessage(_ socket: Int32, _ bytes: UnsafeRawBufferPointer, descriptors: [Int32]) -> Int {
        var vector = iovec(iov_base: UnsafeMutableRawPointer(mutating: bytes.baseAddress), iov_len: bytes.count)
        return withUnsafeMutablePointer(to: &vector) { vectorPointer in
            var message = msghdr()
            message.msg_iov = vectorPointer
            message.msg_iovlen = 1
            guard !descriptors.isEmpty else {
                return sendmsg(socket, &message, Int32(MSG_NOSIGNAL))
            }
            // cmsghdr (length, level, type) then the descriptors, each part aligned to size_t.
            let headerSize = align(MemoryLayout<cmsghdr>.size)
            let payloadSize = descriptors.count * MemoryLayout<Int32>.size
            let control = UnsafeMutableRawBufferPointer.allocate(byteCount: headerSize + align(payloadSize), alignment: MemoryLayout<Int>.alignment)
            defer { control.deallocate() }
            control.initializeMemory(as: UInt8.self, repeating: 0)
            let header = control.baseAddress!.assumingMemoryBound(to: cmsghdr.self)
            header.pointee.cmsg_len = headerSize + payloadSize
            header.pointee.cmsg_level = SOL_SOCKET
            header.pointee.cmsg_type = Int32(SCM_RIGHTS)
            descriptors.withUnsafeBytes { source in
                (control.baseAddress! + headerSize).copyMemory(from: source.baseAddress!, byteCount: payloadSize)
            }
            message.msg_control = control.baseAddress
            message.msg_controllen = control.count
            return sendmsg(socket, &message, Int32(MSG_NOSIGNAL))
        }
    }

    private static func align(_ size: Int) -> Int {
        let word = MemoryLayout<Int>.size
        return (size + word - 1) & ~(word - 1)
    }

    private static func failure(_ what: String) -> MediaError {
        MediaError(code: .toolFailed, message: "\(what): \(String(cString: strerror(errno)))", tool: "yt-dlp")
    }
}
