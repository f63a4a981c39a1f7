import Foundation
import Logging
import SpoolCore
import Subprocess
import Synchronization

/// Lists a channel tab, playlist or feed with yt-dlp's flat playlist (SpoolCore's ``MediaLister``):
/// `yt-dlp --flat-playlist --lazy-playlist --dump-json … -- <url>`, one ``ListedEntry`` per JSON
/// line as yt-dlp prints it.
///
/// The run goes through the shared ``YtDlp``: forked from its fork server when fork start is on
/// (no interpreter start, no import), else a plain `yt-dlp` process. At most
/// ``Configuration/bufferedEntries`` entries wait for the consumer; past that yt-dlp is held back on
/// a full pipe, so a listing of any length holds bounded memory. A consumer that stops iterating
/// (or is cancelled) stops the run: SIGTERM to yt-dlp's process group, SIGKILL after the kill grace.
///
/// Exit status 0 and 101 (a `--break-on-…` stop) are success. A failure is a ``SpoolError``:
/// `rate_limited` when yt-dlp's stderr shows HTTP 429, "Too Many Requests" or YouTube's "confirm
/// you're not a bot", `download_failed` with yt-dlp's error otherwise, `tool_missing` without
/// yt-dlp, `tool_failed` when yt-dlp was misused or killed. A channel without the tab asked for
/// ("This channel does not have a shorts tab") lists nothing and is no error.
public struct YtDlpLister: MediaLister {
    /// Listing settings.
    public struct Configuration: Sendable, Hashable {
        /// Entries read ahead of the consumer before yt-dlp is held back.
        public var bufferedEntries: Int
        /// Seconds yt-dlp waits on a silent socket.
        public var socketTimeoutSeconds: Int

        /// Creates settings.
        public init(bufferedEntries: Int = 64, socketTimeoutSeconds: Int = YtDlpArguments.socketTimeoutSeconds) {
            self.bufferedEntries = bufferedEntries
            self.socketTimeoutSeconds = socketTimeoutSeconds
        }
    }

    /// The runner whose executable, extra arguments, kill grace and fork server the listings use.
    public let ytDlp: YtDlp
    /// The settings.
    public let configuration: Configuration
    private let logger: Logger

    /// Creates a lister on `ytDlp` (share the downloader's, so listings use its warm fork server).
    public init(ytDlp: YtDlp, configuration: Configuration = Configuration(), logger: Logger = Logger(label: "spool.media.lister")) {
        self.ytDlp = ytDlp
        self.configuration = configuration
        self.logger = logger
    }

    /// The entries of `request` in the site's order, from entry `skip + 1` on, as they arrive.
    public func list(_ request: ListingRequest) -> AsyncThrowingStream<ListedEntry, any Error> {
        let (stream, continuation) = AsyncThrowingStream.makeStream(
            of: ListedEntry.self, bufferingPolicy: .bufferingOldest(max(1, configuration.bufferedEntries))
        )
        // The stream owns the run: it ends when the listing does, and is cancelled (stopping
        // yt-dlp) when the consumer stops reading.
        let run = Task { [self] in
            do {
                try await listing(request, into: continuation)
                continuation.finish()
            } catch let error as MediaError {
                continuation.finish(throwing: error.spoolError)
            } catch {
                continuation.finish(throwing: error)
            }
        }
        continuation.onTermination = { _ in run.cancel() }
        return stream
    }

    /// yt-dlp's arguments for `request` (without the program name): the flat, lazy JSON listing
    /// from entry `skip + 1`, then `extraArguments` (the runner's), then `--` and the URL.
    public static func arguments(for request: ListingRequest, extraArguments: [String] = [], socketTimeoutSeconds: Int = YtDlpArguments.socketTimeoutSeconds) -> [String] {
        var arguments = [
            "--ignore-config",
            "--color", "never",
            "--flat-playlist",
            "--lazy-playlist",
            "--dump-json",
            "--no-warnings",
            "--ignore-no-formats-error",
            "--socket-timeout", String(socketTimeoutSeconds),
            // A YouTube tab lists no dates; this reads one from "3 weeks ago" (approximate, but
            // enough for "since a date" and retention). Other extractors ignore it.
            "--extractor-args", "youtubetab:approximate_date",
        ]
        if request.skip > 0 {
            arguments += ["--playlist-items", "\(request.skip + 1):"]
        }
        arguments += extraArguments
        arguments += ["--", request.url]
        return arguments
    }

    /// Runs the listing, yielding each entry; throws when yt-dlp failed.
    private func listing(_ request: ListingRequest, into continuation: AsyncThrowingStream<ListedEntry, any Error>.Continuation) async throws {
        let arguments = Self.arguments(
            for: request, extraArguments: ytDlp.configuration.extraArguments, socketTimeoutSeconds: configuration.socketTimeoutSeconds
        )
        let counts = ListingCounts()
        let session = YtDlpSession(onOutputLine: { [logger] line in
            guard !line.isEmpty else { return }
            let flat: YtDlpFlatEntry
            do {
                flat = try YtDlpFlatEntry(jsonLine: line)
            } catch {
                logger.debug("yt-dlp listing: \(line.prefix(200))", metadata: ["source.url": "\(request.url)"])
                return
            }
            guard let entry = flat.listedEntry(tab: request.tab, listedURL: request.url) else {
                counts.skipped()
                logger.notice(
                    "skipping a listed entry without an id or URL",
                    metadata: ["source.url": "\(request.url)", "entry.title": "\(flat.title ?? "")", "entry.url": "\(flat.url ?? "")"]
                )
                return
            }
            counts.listed()
            await Self.deliver(entry, to: continuation)
        })
        let status = try await ytDlp.run(arguments: arguments, workDirectory: FileManager.default.temporaryDirectory.path, session: session)
        try Task.checkCancellation()
        let standardError = session.snapshot.standardError
        logger.debug(
            "yt-dlp listing ended (\(status))",
            metadata: ["source.url": "\(request.url)", "listing.entries": "\(counts.entries)", "listing.skipped": "\(counts.skippedEntries)"]
        )
        if let failure = Self.failure(status: status, standardError: standardError, url: request.url) {
            throw failure
        }
        if !status.isSuccess, status != .exited(101) {
            logger.info("\(standardError.message ?? "the channel has no such tab")", metadata: ["source.url": "\(request.url)"])
        }
    }

    /// Hands `entry` to the consumer; while the buffer is full, waits for room (yt-dlp meanwhile
    /// blocks on its full pipe). Returns at once when the stream has ended or the run is cancelled.
    private static func deliver(_ entry: ListedEntry, to continuation: AsyncThrowingStream<ListedEntry, any Error>.Continuation) async {
        while case .dropped = continuation.yield(entry) {
            do {
                try await Task.sleep(for: .milliseconds(10))
            } catch {
                return
            }
        }
    }

    /// The error for how yt-dlp ended; nil for success (0, 101, or a channel without the tab).
    static func failure(status: TerminationStatus, standardError: YtDlpStderr, url: String) -> SpoolError? {
        switch status {
        case .exited(0), .exited(101):
            return nil
        case .exited(let code):
            let tail = standardError.tail.text
            if isRateLimited(tail) {
                return SpoolError(.rateLimited, "the site refused to list \(url) for now: \(standardError.message ?? "rate limited")")
            }
            if let message = standardError.errorLine, isMissingTab(message) {
                return nil
            }
            let detail = standardError.errorLine ?? (tail.isEmpty ? "yt-dlp exited with status \(code)" : tail)
            return SpoolError(code == 2 ? .toolFailed : .downloadFailed, "cannot list \(url): \(detail)")
        case .signaled(let signal):
            return SpoolError(.toolFailed, "yt-dlp was killed by signal \(signal) while listing \(url)")
        }
    }

    /// Whether yt-dlp's stderr says the site refused for rate or asked to prove a human ("Sign in
    /// to confirm you’re not a bot"; not "Sign in to confirm your age", which is an age gate).
    static func isRateLimited(_ standardError: String) -> Bool {
        let text = standardError.lowercased().replacingOccurrences(of: "sign in to confirm your age", with: "")
        return ["http error 429", "too many requests", "confirm you’re not a bot", "confirm you're not a bot", "sign in to confirm"]
            .contains { text.contains($0) }
    }

    /// Whether yt-dlp's error says the channel has no such tab (YouTube: "This channel does not have a shorts tab").
    static func isMissingTab(_ errorLine: String) -> Bool {
        errorLine.contains("This channel does not have a ") && errorLine.hasSuffix(" tab")
    }
}

/// How many entries one listing yielded and skipped, for its log line.
private final class ListingCounts: Sendable {
    private let counts = Mutex((listed: 0, skipped: 0))

    func listed() { counts.withLock { $0.listed += 1 } }
    func skipped() { counts.withLock { $0.skipped += 1 } }
    var entries: Int { counts.withLock { $0.listed } }
    var skippedEntries: Int { counts.withLock { $0.skipped } }
}
