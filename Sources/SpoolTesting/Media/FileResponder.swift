import Foundation
import NIOCore
import NIOHTTP1

/// Answers a ``MediaServer`` connection's requests from the served folder.
struct FileResponder: LoopbackHTTPResponder {
    /// The served folder (standardized, symlinks resolved).
    let root: URL
    /// Body bytes per second per connection; nil means unlimited.
    let bytesPerSecond: Int?
    /// Where bytes and requests are counted.
    let stats: MediaServer.Stats

    typealias Writer = NIOAsyncChannelOutboundWriter<HTTPServerResponsePart>

    /// Answers one request from the served folder (request bodies are ignored).
    func respond(to request: HTTPRequestHead, body _: ByteBuffer, _ outbound: Writer) async throws {
        let path = Self.decodedPath(request.uri)
        let range = request.headers.first(name: "range")
        func record(_ status: HTTPResponseStatus) {
            let entry = MediaServer.Request(method: request.method.rawValue, path: path ?? request.uri, range: range, status: Int(status.code))
            stats.requests.withLock { $0.append(entry) }
        }
        let behaviour = stats.behaviour.withLock { $0 }
        guard request.method == .GET || (request.method == .HEAD && !behaviour.refusesHead) else {
            record(.methodNotAllowed)
            return try await sendText(.methodNotAllowed, "Method not allowed\n", request, outbound)
        }
        if let path, let document = stats.documents.withLock({ $0[path] }) {
            record(HTTPResponseStatus(statusCode: document.status))
            return try await send(document, request, outbound)
        }
        guard let path, let file = resolve(path), let size = Self.fileSize(file) else {
            record(.notFound)
            return try await sendText(.notFound, "File not found\n", request, outbound)
        }

        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: Self.contentType(of: file))
        let validators = FileValidators(path: file.path)
        if !behaviour.hidesRangeSupport {
            headers.add(name: "Accept-Ranges", value: "bytes")
            if let validators {
                headers.add(name: "ETag", value: validators.etag)
                headers.add(name: "Last-Modified", value: validators.lastModified)
            }
        }
        headers.add(name: "Connection", value: request.isKeepAlive ? "keep-alive" : "close")
        let extra: [String: String] = stats.extraHeaders.withLock { $0[path] } ?? [:]
        for header in extra {
            headers.replaceOrAdd(name: header.key, value: header.value)
        }
        // A changed file (If-Range no longer matching) or a server that ignores ranges sends it whole.
        let rangeApplies = !behaviour.ignoresRanges && (validators?.allowsRange(ifRange: request.headers.first(name: "if-range")) ?? true)
        let status: HTTPResponseStatus
        let bytes: Range<Int64>
        switch rangeApplies ? ByteRange(header: range, size: size) : nil {
        case nil:
            (status, bytes) = (.ok, 0..<size)
        case .satisfiable(let requested)?:
            (status, bytes) = (.partialContent, requested)
            headers.add(name: "Content-Range", value: "bytes \(requested.lowerBound)-\(requested.upperBound - 1)/\(size)")
        case .unsatisfiable?:
            (status, bytes) = (.rangeNotSatisfiable, 0..<0)
            headers.add(name: "Content-Range", value: "bytes */\(size)")
        }
        headers.add(name: "Content-Length", value: String(bytes.count))
        record(status)
        try await outbound.write(.head(HTTPResponseHead(version: request.version, status: status, headers: headers)))
        if request.method == .GET, !bytes.isEmpty {
            try await sendFile(file, bytes: bytes, countingAs: path, outbound)
        }
        try await outbound.write(.end(nil))
    }

    /// Streams `bytes` of `file`, paced to ``bytesPerSecond``, counting every chunk handed to the socket
    /// and the transfers running at once.
    private func sendFile(_ file: URL, bytes: Range<Int64>, countingAs path: String, _ outbound: Writer) async throws {
        let handle = try FileHandle(forReadingFrom: file)
        stats.transfers.withLock { transfers in
            transfers[path, default: .init()].running += 1
            transfers[path]!.peak = max(transfers[path]!.peak, transfers[path]!.running)
        }
        defer {
            try? handle.close()
            stats.transfers.withLock { $0[path]?.running -= 1 }
        }
        try handle.seek(toOffset: UInt64(bytes.lowerBound))
        let chunkSize = bytesPerSecond.map { max(1024, min(64 * 1024, $0 / 20)) } ?? 64 * 1024
        let started = ContinuousClock.now
        var sent: Int64 = 0
        while sent < bytes.count {
            try Task.checkCancellation()
            let wanted = Int(min(Int64(chunkSize), Int64(bytes.count) - sent))
            guard let data = try handle.read(upToCount: wanted), !data.isEmpty else { break }
            try await outbound.write(.body(.byteBuffer(ByteBuffer(bytes: data))))
            sent += Int64(data.count)
            stats.bytesSent.withLock { $0[path, default: 0] += Int64(data.count) }
            if let bytesPerSecond {
                try await Task.sleep(until: started + .seconds(Double(sent) / Double(bytesPerSecond)), clock: .continuous)
            }
        }
    }

    private func sendText(_ status: HTTPResponseStatus, _ text: String, _ request: HTTPRequestHead, _ outbound: Writer) async throws {
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: "text/plain; charset=utf-8")
        headers.add(name: "Content-Length", value: String(text.utf8.count))
        headers.add(name: "Connection", value: request.isKeepAlive ? "keep-alive" : "close")
        try await outbound.write(.head(HTTPResponseHead(version: request.version, status: status, headers: headers)))
        if request.method != .HEAD {
            try await outbound.write(.body(.byteBuffer(ByteBuffer(string: text))))
        }
        try await outbound.write(.end(nil))
    }

    /// Sends a document published in memory, whole.
    private func send(_ document: ServedDocument, _ request: HTTPRequestHead, _ outbound: Writer) async throws {
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: document.contentType)
        headers.add(name: "Content-Length", value: String(document.body.count))
        headers.add(name: "Connection", value: request.isKeepAlive ? "keep-alive" : "close")
        for header in document.headers { headers.add(name: header.name, value: header.value) }
        let status = HTTPResponseStatus(statusCode: document.status)
        try await outbound.write(.head(HTTPResponseHead(version: request.version, status: status, headers: headers)))
        if request.method != .HEAD, !document.body.isEmpty {
            try await outbound.write(.body(.byteBuffer(ByteBuffer(bytes: document.body))))
        }
        try await outbound.write(.end(nil))
    }

    /// The file for a decoded request path, only if it is a regular file inside ``root``.
    private func resolve(_ path: String) -> URL? {
        let components = path.split(separator: "/")
        guard !components.contains(where: { $0 == ".." || $0 == "." }) else { return nil }
        let file = root.appendingPathComponent(components.joined(separator: "/")).resolvingSymlinksInPath()
        guard file.path.hasPrefix(root.path + "/") else { return nil }
        return file
    }

    private static func fileSize(_ file: URL) -> Int64? {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: file.path),
              attributes[.type] as? FileAttributeType == .typeRegular
        else { return nil }
        return (attributes[.size] as? NSNumber)?.int64Value
    }

    /// The path part of a request target, percent-decoded; nil if it is not a clean absolute path.
    static func decodedPath(_ uri: String) -> String? {
        let rawPath = uri.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? ""
        guard rawPath.hasPrefix("/"), let decoded = rawPath.removingPercentEncoding, !decoded.contains("\0") else { return nil }
        return decoded
    }

    static func contentType(of file: URL) -> String {
        switch file.pathExtension.lowercased() {
        case "mp4", "m4v": "video/mp4"
        case "m4a": "audio/mp4"
        case "mkv": "video/x-matroska"
        case "webm": "video/webm"
        case "mp3": "audio/mpeg"
        case "m3u8": "application/vnd.apple.mpegurl"
        case "ts": "video/mp2t"
        case "vtt": "text/vtt"
        case "html", "htm": "text/html; charset=utf-8"
        case "xml": "application/xml; charset=utf-8"
        case "rss": "application/rss+xml; charset=utf-8"
        case "atom": "application/atom+xml; charset=utf-8"
        case "txt": "text/plain; charset=utf-8"
        case "json": "application/json"
        case "jpg", "jpeg": "image/jpeg"
        case "png": "image/png"
        default: "application/octet-stream"
        }
    }
}
