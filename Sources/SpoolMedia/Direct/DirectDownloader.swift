import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import SpoolCore

/// ``DirectFileDownloader`` on AsyncHTTPClient: downloads a plain media file without yt-dlp, over
/// several ranged connections into one preallocated `.part` file, with a resume map beside it.
///
/// - The probe (``probe(_:)``, `DirectDownloader+Probe.swift`) accepts a URL only when it serves a
///   video or audio file of known length. A server without byte ranges gets one stream, and a
///   download of it that stops starts over (yt-dlp can do no better there).
/// - Files of at least ``Configuration/segmentThreshold`` bytes are fetched over up to
///   ``Configuration/connections`` connections per host (shared by the downloads of this process),
///   smaller ones over one; each connection streams its range into the file at its offset
///   (``DirectTransfer``), so memory stays bounded whatever the file's size.
/// - `<file>.part.map` (``ResumeMap``) records the ranges written, every ``Configuration/mapInterval``
///   and whenever the download stops; a later call continues from it while the server's ETag (else
///   Last-Modified) and length are unchanged, and starts over from zero otherwise. Ranged requests
///   carry `If-Range`, so a file replaced on the server mid-way answers whole rather than mixing
///   versions. A server that answers a ranged request with the whole file gets one stream.
/// - The file is named as yt-dlp would name it (``DirectFileName``) and, like yt-dlp's
///   `--remux-video`, remuxed with ffmpeg when the job wants another container.
public struct DirectDownloader: DirectFileDownloader {
    /// Settings of the direct downloads.
    public struct Configuration: Sendable {
        /// Connections per host (DIRECT_CONNECTIONS, 1…16, default 4).
        public var connections: Int
        /// Files below this many bytes use one connection (20 MiB).
        public var segmentThreshold: Int64
        /// The smallest piece a connection takes over from another (1 MiB).
        public var minimumSplit: Int64
        /// How often the resume map is saved while the download runs (at most 10 s; default 1 s).
        public var mapInterval: Duration
        /// How often progress is reported.
        public var progressInterval: Duration
        /// How long a connection may take to open.
        public var connectTimeout: Duration
        /// How long a connection may stay silent.
        public var readTimeout: Duration
        /// The `User-Agent` sent.
        public var userAgent: String

        /// The largest ``connections`` accepted.
        public static let maximumConnections = 16

        /// Creates a configuration; `connections` is clamped to 1…16 and `mapInterval` to 10 s.
        public init(
            connections: Int = 4, segmentThreshold: Int64 = 20 * 1024 * 1024, minimumSplit: Int64 = 1024 * 1024,
            mapInterval: Duration = .seconds(1), progressInterval: Duration = .milliseconds(250),
            connectTimeout: Duration = .seconds(15), readTimeout: Duration = .seconds(30),
            userAgent: String = "Mozilla/5.0 (X11; Linux x86_64) Spool"
        ) {
            self.connections = min(max(1, connections), Self.maximumConnections)
            self.segmentThreshold = segmentThreshold
            self.minimumSplit = minimumSplit
            self.mapInterval = min(mapInterval, .seconds(10))
            self.progressInterval = progressInterval
            self.connectTimeout = connectTimeout
            self.readTimeout = readTimeout
            self.userAgent = userAgent
        }
    }

    /// The settings.
    public let configuration: Configuration
    /// ffmpeg, for remuxing into the job's container.
    public let ffmpeg: FFmpeg
    let slots = HostSlots()
    let logger: Logger

    /// Creates the downloader.
    public init(configuration: Configuration = Configuration(), ffmpeg: FFmpeg = FFmpeg(), logger: Logger = Logger(label: "spool.media.direct")) {
        self.configuration = configuration
        self.ffmpeg = ffmpeg
        self.logger = logger
    }

    /// Probes `request.url` and downloads it when it is a plain media file; otherwise fails with
    /// `download_failed` (the download stage asks ``probe(_:)`` first and uses yt-dlp then).
    public func download(
        _ request: MediaDownloadRequest,
        onEvent: @escaping @Sendable (MediaDownloadEvent) async -> Void
    ) async throws -> MediaDownloadResult {
        switch await probe(request) {
        case .file(let file): return try await download(request, file: file, onEvent: onEvent)
        case .notDirect(let reason): throw SpoolError(.downloadFailed, "not a plain media file: \(reason)")
        }
    }

    /// Downloads `file` into the request's work folder; see the type's description.
    ///
    /// - Throws: ``SpoolError`` `download_failed` (HTTP errors, a file that keeps changing),
    ///   `invalid_template` (a template that needs yt-dlp), `storage_error` (the disk), `tool_failed`
    ///   (the remux); `CancellationError` when cancelled (the `.part` and its map are kept).
    public func download(
        _ request: MediaDownloadRequest,
        file: DirectFile,
        onEvent: @escaping @Sendable (MediaDownloadEvent) async -> Void
    ) async throws -> MediaDownloadResult {
        var file = file
        var restarts = 0
        if request.embedThumbnail {
            await onEvent(.log("a plain media file has no thumbnail to embed"))
        }
        while true {
            guard let names = DirectFileName(file: file) else {
                throw SpoolError(.downloadFailed, "not a plain media file: no media file extension for \(file.mediaType)")
            }
            guard let relative = names.relativePath(template: request.outputTemplate) else {
                throw SpoolError(.invalidTemplate, "the output template needs yt-dlp to be rendered")
            }
            let target = YtDlpArguments.path(of: relative, in: request.workDirectory)
            do {
                try await fetch(file, to: target, request: request, onEvent: onEvent)
            } catch let change as DirectTransfer.Interruption {
                // The file on the server changed under the download: start over once from a fresh look.
                guard case .changed(let reason) = change, restarts < 2 else { throw SpoolError(.downloadFailed, "\(change)") }
                restarts += 1
                Self.removePartial(of: target)
                await onEvent(.log("the file changed on the server during the download (\(reason)); starting over from zero"))
                switch await probe(request) {
                case .file(let fresh): file = fresh
                case .notDirect(let reason): throw SpoolError(.downloadFailed, "the file changed on the server and is no longer a plain media file: \(reason)")
                }
                continue
            }
            let final = try await remuxIfNeeded(target, ext: names.ext, request: request, onEvent: onEvent)
            return MediaDownloadResult(filePath: final, metadata: names.metadata)
        }
    }

    /// Fetches `file` to `target` through `target.part` and its map; renames it into place when done.
    private func fetch(_ file: DirectFile, to target: String, request: MediaDownloadRequest, onEvent: @escaping @Sendable (MediaDownloadEvent) async -> Void) async throws {
        let partPath = target + ".part"
        let mapPath = partPath + ".map"
        do {
            try FileManager.default.createDirectory(atPath: (target as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        } catch {
            throw SpoolError(.storage, "cannot create the download folder: \(error.localizedDescription)")
        }
        if !FileManager.default.fileExists(atPath: partPath), Self.size(of: target) == file.length {
            // A previous run finished the transfer but stopped before the remux.
            await onEvent(.log("\((target as NSString).lastPathComponent) has already been downloaded"))
            return
        }
        let done = await resumableRanges(of: file, part: partPath, map: mapPath, onEvent: onEvent)
        let host = URL(string: file.url)?.host ?? ""
        let wanted = file.acceptsRanges && file.length >= configuration.segmentThreshold ? configuration.connections : 1
        let connections = slots.acquire(host, wanted: wanted, limit: configuration.connections)
        defer { slots.release(host, connections) }
        if !file.acceptsRanges {
            await onEvent(.log("direct download of \(ByteCount.format(file.length)) in one stream: the server does not accept byte ranges, so a stopped download starts over"))
        } else if done.isEmpty {
            await onEvent(.log("direct download of \(ByteCount.format(file.length)) over \(connections) connection(s)"))
        }
        let pacer = request.limitRate.flatMap(TransferPacer.bytesPerSecond).map(TransferPacer.init(bytesPerSecond:))
        try await HTTPClient.withHTTPClient(configuration: clientConfiguration(connections: connections)) { client in
            do {
                try await PartFile.withFile(at: partPath) { part in
                    try part.preallocate(file.length)
                    let transfer = DirectTransfer(
                        file: file, part: part, mapPath: mapPath, done: done, connections: connections, client: client,
                        pacer: pacer, configuration: configuration, onEvent: onEvent
                    )
                    try await transfer.run()
                }
            } catch let error as DirectTransfer.Interruption {
                throw error
            } catch let error as SpoolError {
                throw error
            } catch is CancellationError {
                throw CancellationError()
            } catch {
                try Task.checkCancellation()
                let message = "\(Self.describe(error))"
                throw SpoolError(DownloadFailureClassifier.isDiskFull(message) ? .insufficientStorage : .downloadFailed, message)
            }
        }
        guard rename(partPath, target) == 0 else {
            throw SpoolError(.storage, "cannot rename the finished download: \(String(cString: strerror(errno)))")
        }
        try? FileManager.default.removeItem(atPath: mapPath)
    }

    /// The ranges a previous run left that are still good; removes a partial file that cannot be
    /// continued (and logs why).
    private func resumableRanges(of file: DirectFile, part: String, map: String, onEvent: @Sendable (MediaDownloadEvent) async -> Void) async -> ByteRangeSet {
        let manager = FileManager.default
        guard manager.fileExists(atPath: part) || manager.fileExists(atPath: map) else { return ByteRangeSet() }
        guard file.acceptsRanges else {
            Self.removePartial(of: String(part.dropLast(".part".count)))
            await onEvent(.log("starting over from zero: the server does not accept byte ranges"))
            return ByteRangeSet()
        }
        guard let saved = ResumeMap.load(from: map), manager.fileExists(atPath: part) else {
            Self.removePartial(of: String(part.dropLast(".part".count)))
            await onEvent(.log("starting over: a partial file without its resume map (or a map without its file) was left"))
            return ByteRangeSet()
        }
        if let reason = saved.mismatch(with: file) {
            Self.removePartial(of: String(part.dropLast(".part".count)))
            await onEvent(.log("starting over from zero: \(reason)"))
            return ByteRangeSet()
        }
        await onEvent(.log("resuming from the resume map: \(ByteCount.format(saved.done.count)) of \(ByteCount.format(file.length)) already downloaded"))
        return saved.done
    }

    /// The size of the file at `path`, nil when there is none.
    static func size(of path: String) -> Int64? {
        (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.int64Value
    }

    /// Removes `target.part` and `target.part.map`.
    static func removePartial(of target: String) {
        for path in [target + ".part", target + ".part.map", target + ".part.map.tmp"] {
            try? FileManager.default.removeItem(atPath: path)
        }
    }

    /// The HTTP client of one download: HTTP/1.1 only (each range its own connection), no
    /// decompression, redirects followed.
    private func clientConfiguration(connections: Int) -> HTTPClient.Configuration {
        var http = HTTPClient.Configuration()
        http.httpVersion = .http1Only
        http.decompression = .disabled
        http.redirectConfiguration = .follow(max: 10, allowCycles: false)
        http.timeout = .init(connect: .nanoseconds(configuration.connectTimeout.nanoseconds), read: .nanoseconds(configuration.readTimeout.nanoseconds))
        http.connectionPool = .init(idleTimeout: .seconds(30), concurrentHTTP1ConnectionsPerHostSoftLimit: connections)
        return http
    }

    /// A transport error in a sentence.
    static func describe(_ error: any Error) -> String {
        if let error = error as? HTTPClientError { return "HTTP transfer failed: \(error)" }
        return "HTTP transfer failed: \(error)"
    }
}

extension Duration {
    /// The duration in whole nanoseconds.
    var nanoseconds: Int64 {
        let parts = components
        return parts.seconds * 1_000_000_000 + parts.attoseconds / 1_000_000_000
    }
}
