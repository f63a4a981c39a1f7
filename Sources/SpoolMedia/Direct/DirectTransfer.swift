import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import SpoolCore
import Synchronization

/// One run of a direct download: its connections, each streaming ranges into the `.part` file, a
/// ticker that reports progress and saves the resume map, and the map saved once more when the run
/// stops for any reason (finished excepted: the caller removes the map then).
final class DirectTransfer: Sendable {
    /// Why a run stopped that the downloader handles itself rather than failing.
    enum Interruption: Error, CustomStringConvertible {
        /// The server's file is not the one the download started with.
        case changed(String)
        /// The server answered a ranged request with the whole file.
        case rangesIgnored

        var description: String {
            switch self {
            case .changed(let reason): "the file changed on the server: \(reason)"
            case .rangesIgnored: "the server ignored the byte range"
            }
        }
    }

    let file: DirectFile
    let part: PartFile
    let mapPath: String
    let connections: Int
    let client: HTTPClient
    let pacer: TransferPacer?
    let configuration: DirectDownloader.Configuration
    let onEvent: @Sendable (MediaDownloadEvent) async -> Void
    /// The pieces and what is written; shared by the connections.
    private let board: Mutex<SegmentBoard>
    /// What was written before this run (for the speed, which counts this run only).
    private let initialBytes: Int64

    init(
        file: DirectFile, part: PartFile, mapPath: String, done: ByteRangeSet, connections: Int, client: HTTPClient,
        pacer: TransferPacer?, configuration: DirectDownloader.Configuration, onEvent: @escaping @Sendable (MediaDownloadEvent) async -> Void
    ) {
        self.file = file
        self.part = part
        self.mapPath = mapPath
        self.connections = connections
        self.client = client
        self.pacer = pacer
        self.configuration = configuration
        self.onEvent = onEvent
        self.initialBytes = done.count
        self.board = Mutex(SegmentBoard(length: file.length, done: done, connections: connections, minimumSplit: configuration.minimumSplit))
    }

    /// Fetches every missing byte: over ranged connections, or in one stream from the start when
    /// the server takes no byte ranges (also when a ranged request is answered with the whole file).
    ///
    /// - Throws: ``Interruption/changed(_:)`` when the file changed; ``SpoolError``s and transport
    ///   errors; `CancellationError`. The resume map is saved before any of them leaves.
    func run() async throws {
        // At once, so the job shows the size and what a resume starts from.
        await report(speed: nil)
        var oneStream = !file.acceptsRanges
        if !oneStream {
            do {
                try await withTicker { [self] in
                    try await withThrowingTaskGroup(of: Void.self) { group in
                        for _ in 0..<connections {
                            group.addTask { try await self.connection() }
                        }
                        try await group.waitForAll()
                    }
                }
            } catch Interruption.rangesIgnored {
                await onEvent(.log("the server ignored the byte range; downloading in one stream from the start"))
                board.withLock { $0 = SegmentBoard(length: file.length, done: ByteRangeSet(), connections: 1, minimumSplit: file.length) }
                oneStream = true
            }
        }
        if oneStream {
            try await withTicker { [self] in try await singleStream() }
        }
        guard board.withLock({ $0.isComplete }) else {
            throw SpoolError(.downloadFailed, "the download ended with \(ByteCount.format(file.length - doneBytes)) missing")
        }
        await report(speed: nil)
    }

    private var doneBytes: Int64 { board.withLock { $0.doneBytes } }

    /// Runs `body` beside the ticker; saves the map when `body` throws (including on cancellation).
    private func withTicker(_ body: @escaping @Sendable () async throws -> Void) async throws {
        do {
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await self.ticker() }
                do {
                    try await body()
                } catch {
                    group.cancelAll()
                    throw error
                }
                group.cancelAll()
            }
        } catch {
            if case Interruption.changed = error { throw error }
            await saveMap()
            throw error
        }
    }

    /// Reports progress every ``DirectDownloader/Configuration/progressInterval`` and saves the map
    /// every ``DirectDownloader/Configuration/mapInterval`` until cancelled.
    private func ticker() async throws {
        var meter = TransferMeter()
        var lastSave = ContinuousClock.now
        while true {
            do {
                try await Task.sleep(for: configuration.progressInterval)
            } catch {
                return
            }
            let now = ContinuousClock.now
            let speed = meter.record(doneBytes - initialBytes, at: now)
            await report(speed: speed)
            if now - lastSave >= configuration.mapInterval {
                await saveMap()
                lastSave = now
            }
        }
    }

    /// One progress event.
    private func report(speed: Double?) async {
        let done = doneBytes
        let total = file.length
        let percent = total > 0 ? Double(done) / Double(total) * 100 : 100
        await onEvent(.progress(TransferProgress(
            percent: percent, downloadedBytes: done, totalBytes: total, speed: speed,
            eta: done >= total ? 0 : TransferMeter.eta(remaining: total - done, speed: speed)
        )))
    }

    /// Syncs the written data, then writes the map of what it holds. A failure is not fatal: the
    /// previous map stays, and claims less.
    private func saveMap() async {
        // Without byte ranges nothing can be continued.
        guard file.acceptsRanges else { return }
        let done = board.withLock { $0.done }
        do {
            try part.sync()
            try ResumeMap(file: file, done: done).save(to: mapPath)
        } catch {
            await onEvent(.log("could not save the resume map: \(error)"))
        }
    }

    /// One connection: claims pieces until none is left.
    private func connection() async throws {
        var failures = 0
        while let (id, range) = board.withLock({ $0.claim() }) {
            do {
                try await fetch(id, range)
                board.withLock { $0.release(id) }
                failures = 0
            } catch let error where Self.isTransient(error) && failures < 2 {
                // A dropped connection: give the piece back and try again shortly.
                board.withLock { $0.release(id) }
                failures += 1
                try await Task.sleep(for: .milliseconds(500 * failures))
            } catch {
                board.withLock { $0.release(id) }
                throw error
            }
        }
    }

    /// Fetches one piece (or what is left of it when another connection takes its end).
    private func fetch(_ id: Int, _ range: Range<Int64>) async throws {
        var request = HTTPClientRequest(url: file.url)
        request.method = .GET
        request.headers = requestHeaders(range: range)
        let response = try await client.execute(request, deadline: .distantFuture)
        try check(response, range: range)
        guard try await receive(response.body, into: id) else { throw TransferCutShort() }
    }

    /// The whole file in one plain GET, for a server that ignores ranges.
    private func singleStream() async throws {
        var request = HTTPClientRequest(url: file.url)
        request.method = .GET
        request.headers = requestHeaders(range: nil)
        let response = try await client.execute(request, deadline: .distantFuture)
        guard response.status == .ok else { throw Self.statusError(response.status) }
        if let reason = changedValidators(response.headers) { throw Interruption.changed(reason) }
        guard let id = board.withLock({ $0.claim() })?.id else { return }
        _ = try await receive(response.body, into: id)
    }

    /// Writes a response body into piece `id` until the body ends or the piece is complete (another
    /// connection may take its end meanwhile); returns whether the piece is complete.
    private func receive(_ body: HTTPClientResponse.Body, into id: Int) async throws -> Bool {
        for try await var buffer in body {
            if let pacer { try await pacer.pace(buffer.readableBytes) }
            // Reserved, written and committed with no suspension in between: a stop never leaves
            // reserved bytes uncommitted.
            let (offset, count) = board.withLock { $0.reserve(id, Int64(buffer.readableBytes)) }
            if count > 0, let slice = buffer.readSlice(length: Int(count)) {
                try write(slice, at: offset)
                board.withLock { $0.commit(offset..<(offset + count)) }
            }
            if board.withLock({ $0.isExhausted(id) }) { return true }
        }
        return board.withLock { $0.isExhausted(id) }
    }

    private func write(_ slice: ByteBuffer, at offset: Int64) throws {
        do {
            try part.write(slice, at: offset)
        } catch {
            let message = "cannot write the download: \(error)"
            throw SpoolError(DownloadFailureClassifier.isDiskFull(message) ? .insufficientStorage : .storage, message)
        }
    }

    /// Headers of a request for `range` (nil: the whole file).
    private func requestHeaders(range: Range<Int64>?) -> HTTPHeaders {
        var headers = HTTPHeaders()
        headers.add(name: "User-Agent", value: configuration.userAgent)
        headers.add(name: "Accept", value: "*/*")
        headers.add(name: "Accept-Encoding", value: "identity")
        if let range {
            headers.add(name: "Range", value: "bytes=\(range.lowerBound)-\(range.upperBound - 1)")
            if let validator = ResumeMap(file: file).ifRange {
                headers.add(name: "If-Range", value: validator)
            }
        }
        return headers
    }

    /// Checks a ranged response: 206 for the range asked, of the same file; a 200 is a changed file
    /// (its validators differ) or a server that ignores ranges.
    private func check(_ response: HTTPClientResponse, range: Range<Int64>) throws {
        switch response.status {
        case .partialContent:
            if let reason = changedValidators(response.headers) { throw Interruption.changed(reason) }
            guard let header = response.headers.first(name: "content-range"), let answered = ContentRange(header) else {
                throw SpoolError(.downloadFailed, "the server's partial answer has no usable Content-Range")
            }
            if let total = answered.total, total != file.length {
                throw Interruption.changed("its length is now \(total) bytes, not \(file.length)")
            }
            guard answered.first == range.lowerBound else {
                throw SpoolError(.downloadFailed, "the server sent bytes from \(answered.first) when asked for \(range.lowerBound)")
            }
        case .ok:
            if let reason = changedValidators(response.headers) { throw Interruption.changed(reason) }
            throw Interruption.rangesIgnored
        case .rangeNotSatisfiable:
            throw Interruption.changed("the server no longer has bytes \(range.lowerBound)–\(range.upperBound - 1)")
        default:
            throw Self.statusError(response.status)
        }
    }

    /// Why a response's validators show another file than the probe's, or nil.
    private func changedValidators(_ headers: HTTPHeaders) -> String? {
        if let expected = file.etag, let etag = headers.first(name: "etag"), etag != expected {
            return "ETag \(expected) → \(etag)"
        }
        if file.etag == nil, let expected = file.lastModified, let modified = headers.first(name: "last-modified"), modified != expected {
            return "Last-Modified \(expected) → \(modified)"
        }
        if let length = headers.first(name: "content-length").flatMap(Int64.init), headers.first(name: "content-range") == nil, length != file.length {
            return "its length is now \(length) bytes, not \(file.length)"
        }
        return nil
    }

    /// `HTTP Error 404: Not Found`, as yt-dlp words it.
    static func statusError(_ status: HTTPResponseStatus) -> SpoolError {
        let message = "HTTP Error \(status.code): \(status.reasonPhrase)"
        return SpoolError(DownloadFailureClassifier.code(for: message) ?? .downloadFailed, message)
    }

    /// Errors worth another request on a fresh connection.
    static func isTransient(_ error: any Error) -> Bool {
        if error is TransferCutShort { return true }
        if error is CancellationError || error is Interruption || error is SpoolError { return false }
        return error is HTTPClientError || error is ChannelError || error is IOError
    }

    /// The server closed a response before its end.
    struct TransferCutShort: Error, CustomStringConvertible {
        var description: String { "the server ended a response early" }
    }
}
