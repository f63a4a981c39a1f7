import Foundation
import Logging
import SpoolCore

/// One check of one source: list it (a first or full index, an incremental listing that stops at
/// known videos, or a feed poll), store what is new with the filters' verdicts, apply the backlog
/// once the first index has finished, queue the wanted videos, and prune by the retention.
///
/// Every batch of new items is saved together with the listing's position, so a check cut short
/// (crash, restart, lost lease) resumes where it stopped and never lists an item twice.
public struct SourceCheck: Sendable {
    /// Tuning.
    public struct Configuration: Sendable {
        /// An incremental listing stops after this many known videos in a row.
        public var knownStreak: Int
        /// New items saved per transaction while listing.
        public var batchSize: Int
        /// A full re-index runs when the last is older than this.
        public var fullIndexEvery: TimeInterval
        /// Progress events while listing, at most one per this many seconds.
        public var progressInterval: TimeInterval

        /// Creates tuning (stop after 10 known, batches of 50, full re-index every 30 days).
        public init(knownStreak: Int = 10, batchSize: Int = 50, fullIndexEvery: TimeInterval = 30 * 86_400, progressInterval: TimeInterval = 1) {
            self.knownStreak = knownStreak
            self.batchSize = batchSize
            self.fullIndexEvery = fullIndexEvery
            self.progressInterval = progressInterval
        }
    }

    /// What a check found.
    public struct Outcome: Sendable, Hashable {
        /// Entries the listings yielded.
        public var listed = 0
        /// Items that were new to the source.
        public var new = 0
        /// Jobs created.
        public var queued = 0
        /// The titles of the videos queued (for the `source.new_media` digest).
        public var queuedTitles: [String] = []
        /// Whether a full index finished in this check.
        public var indexed = false
    }

    let archive: ArchiveService
    let lister: any MediaLister
    let feeds: any FeedReader
    let gate: SiteGate
    let storage: (any MediaStorage)?
    let configuration: Configuration
    let logger: Logger

    /// Creates a check runner; with `storage`, each check rewrites the source's `metadata.json`.
    public init(
        archive: ArchiveService, lister: any MediaLister, feeds: any FeedReader, gate: SiteGate, storage: (any MediaStorage)? = nil,
        configuration: Configuration = .init(), logger: Logger
    ) {
        self.archive = archive
        self.storage = storage
        self.lister = lister
        self.feeds = feeds
        self.gate = gate
        self.configuration = configuration
        self.logger = logger
    }

    var store: any SourceStore { archive.store }
    var clock: any WallClock { archive.jobs.clock }

    /// Runs a check of `sourceID` in `mode`; throws `not_found` when the source is gone, and the
    /// lister's errors (`rate_limited` among them) with the progress so far saved.
    public func run(_ sourceID: Int64, mode: SyncMode) async throws -> Outcome {
        var source = try await archive.source(sourceID)
        var outcome = Outcome()
        let site = SiteGate.site(of: source.url)
        if mode == .fast, source.status.backlogApplied, let feedURL = source.feedURL {
            await publish(source, activity: "polling", new: 0)
            outcome = try await gate.session(SiteGate.site(of: feedURL)) { [source] in
                try await poll(feedURL, of: source)
            }
        } else {
            let full = mode == .full || !source.status.backlogApplied
                || (source.status.lastFullIndexAt.map { clock.now.timeIntervalSince($0) > configuration.fullIndexEvery } ?? true)
            await publish(source, activity: full ? "indexing" : "checking", new: 0)
            // Read once for every tab: each tab's listing adds what it found.
            var known = try await store.mediaIDs(sourceID: source.id)
            let due = try await dueDeferred(of: source)
            for listing in source.listings where !(full && source.status.indexedTabs.contains(listing.tab)) {
                let (listed, found, seen) = try await gate.session(site) { [source, known] in
                    try await list(listing, of: source, full: full, known: known, due: due)
                }
                source = listed
                known = seen
                outcome.listed += found.listed
                outcome.new += found.new
            }
            if full { try await finishIndex(&source, outcome: &outcome) }
        }
        try await queuePending(of: source, into: &outcome)
        if outcome.queued > 0 { try await announce(source, outcome) }
        if source.retention.isActive {
            let retention = try await archive.applyRetention(sourceID)
            for deletion in retention.deletions {
                logger.info("\(deletion.logMessage())", metadata: deletion.logMetadata.mapValues { .string($0) })
            }
        }
        try await writeMetadata(of: source)
        return outcome
    }

    /// Seed 004's `<channel>/metadata.json`: the source, its extractor and counts, in the source's
    /// folder (the archive and media-server layouts; a custom template has no source folder).
    private func writeMetadata(of source: Source) async throws {
        guard let storage, source.layout == .archive || source.layout == .mediaServer else { return }
        let counts = try await store.itemCounts(sourceID: source.id)
        let document = SourceMetadataDocument(
            name: source.name, url: source.url, extractor: source.status.extractor, feedURL: source.feedURL,
            lastFullIndexAt: source.status.lastFullIndexAt, checkedAt: clock.now,
            items: Dictionary(uniqueKeysWithValues: counts.map { ($0.key.rawValue, $0.value) })
        )
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.dateEncodingStrategy = .iso8601
        let text = String(decoding: try encoder.encode(document), as: UTF8.self) + "\n"
        do {
            try storage.writeDocument(text, at: OutputLayout.folderName(source.name).replacingOccurrences(of: "%%", with: "%") + "/metadata.json")
        } catch {
            logger.warning("cannot write the source's metadata.json", metadata: ["source.id": "\(source.id)", "error": "\(error)"])
        }
    }

    // MARK: Listing

    /// Lists one tab; `known` holds the media ids the source has (returned with what this tab
    /// added), `due` the deferred items to look at again.
    private func list(
        _ listing: ListingRequest, of start: Source, full: Bool, known: Set<String>, due: [String: SourceItem]
    ) async throws -> (Source, Outcome, Set<String>) {
        var source = start
        var outcome = Outcome()
        var known = known
        let skip = full ? source.status.cursor[listing.tab] ?? 0 : 0
        let epoch = -Int(clock.now.timeIntervalSince1970) * 100_000
        var batch: [SourceItem] = []
        var seen = 0
        var streak = 0
        var lastProgress = clock.now
        var request = listing
        request.skip = skip
        logger.debug("listing source", metadata: ["source.id": "\(source.id)", "source.tab": "\(listing.tab.rawValue)", "source.skip": "\(skip)"])
        for try await var entry in try await entries(of: request, source: source, full: full) {
            seen += 1
            outcome.listed += 1
            if source.status.extractor == nil { source.status.extractor = entry.extractor }
            entry.tab = listing.tab == .all ? entry.tab : listing.tab
            if known.contains(entry.mediaID) {
                streak += 1
                if let item = due[entry.mediaID] { try await reconsider(item, listed: entry, of: source) }
                if !full, source.newestFirst, streak >= configuration.knownStreak { break }
                continue
            }
            streak = 0
            known.insert(entry.mediaID)
            let position = full ? skip + seen - 1 : epoch + seen
            batch.append(item(for: entry, of: source, position: position))
            if batch.count >= configuration.batchSize {
                if full { source.status.cursor[listing.tab] = skip + seen }
                outcome.new += try await save(&batch, of: source)
            }
            if clock.now.timeIntervalSince(lastProgress) >= configuration.progressInterval {
                lastProgress = clock.now
                await publish(source, activity: full ? "indexing" : "checking", new: outcome.new + batch.count)
            }
        }
        // A cancelled check (shutdown, lost lease) sees its stream end early, as if the listing
        // were complete: save what it has, and never mark the tab indexed.
        if Task.isCancelled {
            if full { source.status.cursor[listing.tab] = skip + seen }
            _ = try? await save(&batch, of: source)
            throw CancellationError()
        }
        if full {
            source.status.cursor[listing.tab] = nil
            source.status.indexedTabs.insert(listing.tab)
        }
        outcome.new += try await save(&batch, of: source)
        return (source, outcome, known)
    }

    /// What a listing yields: for an incremental check of a feed source (an RSS or Atom document,
    /// found by the first index to list generic entries), the feed read by Spool itself, so the
    /// check stops at known entries without yt-dlp parsing the whole feed first; else yt-dlp's
    /// listing. A feed that cannot be read that way is listed by yt-dlp; a refusal for rate ends the check.
    private func entries(of request: ListingRequest, source: Source, full: Bool) async throws -> AsyncThrowingStream<ListedEntry, any Error> {
        guard !full, request.tab == .all, source.newestFirst, source.status.extractor == "generic" else { return lister.list(request) }
        do {
            let entries = try await feeds.entries(of: request.url)
            guard !entries.isEmpty else { return lister.list(request) }
            return AsyncThrowingStream { continuation in
                for entry in entries { continuation.yield(entry) }
                continuation.finish()
            }
        } catch let error as SpoolError where error.code == .rateLimited {
            throw error
        } catch {
            logger.debug("not a feed Spool reads; listing with yt-dlp", metadata: ["source.id": "\(source.id)", "error": "\(error)"])
            return lister.list(request)
        }
    }

    /// The item stored for a newly listed entry: undecided (`listed`) when wanted, else filtered or deferred.
    func item(for entry: ListedEntry, of source: Source, position: Int) -> SourceItem {
        let now = clock.now
        switch SourceTriage.verdict(on: entry, filters: source.filters, now: now) {
        case .wanted:
            return SourceItem(sourceID: source.id, entry: entry, status: .listed, position: position, listedAt: now)
        case .filtered(let reason):
            return SourceItem(sourceID: source.id, entry: entry, status: .filtered, reason: reason, position: position, listedAt: now)
        case .deferred(let reason, let retryAt):
            return SourceItem(sourceID: source.id, entry: entry, status: .deferred, reason: reason, position: position, listedAt: now, retryAt: retryAt)
        }
    }

    /// Saves a batch with the source's progress in one transaction; returns how many were new.
    private func save(_ batch: inout [SourceItem], of source: Source) async throws -> Int {
        let added = try await store.addItems(batch, status: source.status, to: source.id)
        batch.removeAll(keepingCapacity: true)
        return added.count
    }

    private func dueDeferred(of source: Source) async throws -> [String: SourceItem] {
        let now = clock.now
        let deferred = try await store.items(sourceID: source.id, query: .init(statuses: [.deferred], limit: 10_000))
        return Dictionary(deferred.filter { ($0.retryAt ?? now) <= now }.map { ($0.entry.mediaID, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// A deferred item listed again: wanted now (it became available) or deferred once more.
    private func reconsider(_ item: SourceItem, listed entry: ListedEntry, of source: Source) async throws {
        let fresh = self.item(for: entry, of: source, position: item.position)
        _ = try await store.modifyItem(sourceID: source.id, mediaID: item.entry.mediaID) {
            $0.entry = entry
            $0.status = fresh.status
            $0.reason = fresh.reason
            $0.retryAt = fresh.retryAt
        }
    }

    // MARK: Feed

    private func poll(_ feedURL: String, of source: Source) async throws -> Outcome {
        var outcome = Outcome()
        let entries = try await feeds.entries(of: feedURL)
        outcome.listed = entries.count
        let known = try await store.mediaIDs(sourceID: source.id)
        let epoch = -Int(clock.now.timeIntervalSince1970) * 100_000
        var batch: [SourceItem] = []
        for (index, var entry) in entries.enumerated() where !known.contains(entry.mediaID) {
            // A feed entry lacks length, live state and availability: one lookup per unseen id fills them in.
            await gate.spend(SiteGate.site(of: entry.url))
            entry = try await lookUp(entry)
            // Feed ids are the site's ids; they file under the extractor the source's listings use.
            entry.extractor = source.status.extractor ?? entry.extractor
            batch.append(item(for: entry, of: source, position: epoch + index + 1))
        }
        outcome.new = try await save(&batch, of: source)
        return outcome
    }

    /// The feed entry with what yt-dlp says of its video (length, live state, availability, a
    /// better title); the feed's id, URL and date stay. Unchanged when the lookup fails, but a
    /// refusal for rate ends the check (the site cools down).
    private func lookUp(_ entry: ListedEntry) async throws -> ListedEntry {
        var merged = entry
        do {
            for try await found in lister.list(ListingRequest(url: entry.url, tab: entry.tab)) {
                merged.duration = found.duration ?? entry.duration
                merged.liveStatus = found.liveStatus ?? entry.liveStatus
                merged.availability = found.availability ?? entry.availability
                merged.title = entry.title ?? found.title
                break
            }
        } catch let error as SpoolError where error.code == .rateLimited {
            throw error
        } catch {
            logger.debug("feed entry lookup failed", metadata: ["media.id": "\(entry.mediaID)", "error": "\(error)"])
        }
        return merged
    }

    // MARK: Backlog and queueing

    private func finishIndex(_ source: inout Source, outcome: inout Outcome) async throws {
        let now = clock.now
        if !source.status.backlogApplied {
            let undecided = try await store.items(sourceID: source.id, query: .init(statuses: [.listed], limit: Int.max))
            let chosen = Set(SourceTriage.backlogSelection(undecided, backlog: source.backlog).map(\.entry.mediaID))
            _ = try await store.markListedSeen(sourceID: source.id, keeping: chosen, reason: "published before the backlog (\(source.backlog.text))")
            try await archive.jobs.record([.sourceLog(
                source.id, .info,
                "first index of '\(source.name)' finished: \(undecided.count) wanted, \(chosen.count) queued by the backlog (\(source.backlog.text))",
                at: now
            )])
            source.status.backlogApplied = true
        }
        source.status.indexedTabs = []
        source.status.cursor = [:]
        source.status.lastFullIndexAt = now
        var empty: [SourceItem] = []
        _ = try await save(&empty, of: source)
        outcome.indexed = true
    }

    /// Queues every undecided item once the backlog is applied (also those a crash left between
    /// being stored and being queued); an item another source already took is a duplicate.
    private func queuePending(of source: Source, into outcome: inout Outcome) async throws {
        guard source.status.backlogApplied else { return }
        let pending = try await store.items(sourceID: source.id, query: .init(statuses: [.listed], limit: Int.max))
        guard !pending.isEmpty else { return }
        let profile = try await archive.profile(for: source)
        for item in pending.reversed() {
            if let other = try await store.archivedElsewhere(extractor: item.entry.extractor, mediaID: item.entry.mediaID, excluding: source.id) {
                _ = try await store.modifyItem(sourceID: source.id, mediaID: item.entry.mediaID) {
                    $0.status = .duplicate
                    $0.reason = "already archived by source \(other.sourceID)"
                }
                continue
            }
            try await archive.queue(item, of: source, profile: profile)
            outcome.queued += 1
            outcome.queuedTitles.append(item.entry.title ?? item.entry.url)
        }
    }

    /// The digest of what this check queued: one durable `source.new_media` notification event
    /// (the notifier sends it to webhooks and Apprise), whatever the number of videos.
    private func announce(_ source: Source, _ outcome: Outcome) async throws {
        let digest = JobEvent.sourceNewMedia(
            sourceID: source.id, sourceName: source.name, titles: outcome.queuedTitles, count: outcome.queued, at: clock.now
        )
        for event in try await archive.jobs.store.append([digest]) {
            await archive.jobs.events.publish(event)
        }
    }

    // MARK: Progress

    func publish(_ source: Source, activity: String, new: Int) async {
        guard let progress = try? await archive.progress(source.id, activity: activity, new: new) else { return }
        await archive.jobs.events.publish(progress.event)
    }
}
