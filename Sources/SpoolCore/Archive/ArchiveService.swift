import Foundation

/// The use cases of followed sources behind the API and the CLI: add, change, remove and sync
/// sources, read their items and progress, keep or retry an item, apply the retention, and manage
/// profiles. Checks themselves run in SpoolWorker's sync handler, which queues through ``queue(_:of:profile:)``.
public struct ArchiveService: Sendable {
    /// Sources, profiles and items.
    public let store: any SourceStore
    /// The download jobs.
    public let jobs: JobService
    /// The sync queue.
    public let syncs: any SourceSyncScheduler
    /// The processing profiles a download profile may name; nil where processing is not set up.
    public let processing: ProcessingProfiles?

    /// Creates the service.
    public init(store: any SourceStore, jobs: JobService, syncs: any SourceSyncScheduler, processing: ProcessingProfiles? = nil) {
        self.store = store
        self.jobs = jobs
        self.syncs = syncs
        self.processing = processing
    }

    private var clock: any WallClock { jobs.clock }

    // MARK: Sources

    /// Validates and stores a new source, then queues its first index at once.
    public func create(_ draft: Source) async throws -> Source {
        var source = draft
        source.id = 0
        source.createdAt = clock.now
        source.status = SourceStatus(nextCheckAt: clock.now)
        if source.feedURL == nil { source.feedURL = Self.youtubeFeedURL(for: source.url) }
        try await validate(source)
        let stored = try await store.insertSource(source)
        try await jobs.record([.sourceLog(stored.id, .info, "source '\(stored.name)' added (\(stored.url)), backlog \(stored.backlog.text)", at: clock.now)])
        try await syncs.enqueueSync(stored.id, mode: .check, notBefore: nil)
        return stored
    }

    /// One source; throws `not_found`.
    public func source(_ id: Int64) async throws -> Source {
        guard let source = try await store.source(id) else { throw SourceStoreErrors.sourceNotFound(id) }
        return source
    }

    /// Every source.
    public func sources() async throws -> [Source] { try await store.sources() }

    /// Changes a source's settings (its URL and backlog stay); the next check is re-planned from the new schedule.
    public func update(_ id: Int64, _ change: @Sendable (inout Source) -> Void) async throws -> Source {
        let current = try await source(id)
        var changed = current
        change(&changed)
        changed.id = current.id
        changed.url = current.url
        changed.backlog = current.backlog
        changed.createdAt = current.createdAt
        changed.status = current.status
        let replan = changed.schedule != current.schedule || (changed.enabled && !current.enabled)
        try await validate(changed)
        let final = changed
        let now = clock.now
        // The status belongs to the checks (one may be saving progress right now): keep the stored one.
        return try await store.modifySource(id) { stored in
            let status = stored.status
            stored = final
            stored.status = status
            if replan { stored.status.nextCheckAt = final.schedule.next(after: status.lastCheckAt, now: now) }
        }
    }

    /// Removes a source and its items; with `deleteFiles`, its downloaded files and jobs too.
    public func delete(_ id: Int64, deleteFiles: Bool) async throws {
        let source = try await source(id)
        try await syncs.removeSync(id)
        if deleteFiles {
            for item in try await allItems(of: id) {
                if let jobID = item.jobID, item.jobState != nil { _ = try? await jobs.delete(jobID, deleteFiles: true) }
            }
        }
        try await store.deleteSource(id)
        try await jobs.record([.sourceLog(id, .info, "source '\(source.name)' removed" + (deleteFiles ? " with its files" : ""), at: clock.now)])
    }

    /// Queues a check now (`check`, `full` or `fast`); throws `not_found`.
    public func sync(_ id: Int64, mode: SyncMode) async throws {
        _ = try await source(id)
        try await syncs.enqueueSync(id, mode: mode, notBefore: nil)
    }

    /// The source's counts and what it is doing.
    public func progress(_ id: Int64, activity: String = "idle", new: Int = 0) async throws -> SourceProgress {
        SourceProgress(sourceID: id, activity: activity, new: new, counts: try await store.itemCounts(sourceID: id))
    }

    // MARK: Items

    /// A page of the source's items; throws `not_found`.
    public func items(of id: Int64, query: SourceItemQuery) async throws -> [SourceItem] {
        _ = try await source(id)
        return try await store.items(sourceID: id, query: query)
    }

    /// Marks an item kept (never deleted by the retention) or not.
    public func setKeep(sourceID: Int64, mediaID: String, keep: Bool) async throws -> SourceItem {
        try await store.modifyItem(sourceID: sourceID, mediaID: mediaID) { $0.keep = keep }
    }

    /// Downloads an item after all: a failed download starts over; a filtered, seen, deferred or
    /// removed item is queued now. Throws `conflict` when it is queued, downloaded or deleted.
    public func retry(sourceID: Int64, mediaID: String) async throws -> SourceItem {
        let source = try await source(sourceID)
        guard let item = try await store.items(sourceID: sourceID, query: .init(limit: Int.max)).first(where: { $0.entry.mediaID == mediaID }) else {
            throw SpoolError(.notFound, "source \(sourceID) has no item '\(mediaID)'")
        }
        switch item.phase {
        case .failed:
            guard let jobID = item.jobID else { throw SpoolError(.conflict, "item '\(mediaID)' has no job to retry") }
            try await jobs.apply(.restart, to: jobID, reason: "retried from source '\(source.name)'")
            return try await store.modifyItem(sourceID: sourceID, mediaID: mediaID) { $0.jobState = .queued }
        case .seen, .filtered, .deferred, .removed, .duplicate:
            return try await queue(item, of: source, profile: try await profile(for: source))
        case .queued, .downloaded, .deleted, .listed:
            throw SpoolError(.conflict, "item '\(mediaID)' is \(item.phase.rawValue); nothing to retry")
        }
    }

    /// Items of every source whose download failed for good (the dead letters), newest first.
    public func failedItems(limit: Int = 200) async throws -> [SourceItem] {
        var failed: [SourceItem] = []
        for source in try await store.sources() {
            failed += try await store.items(sourceID: source.id, query: .init(phases: [.failed], limit: limit))
        }
        return Array(failed.sorted { $0.listedAt > $1.listedAt }.prefix(limit))
    }

    /// Creates the download job of an item and marks it queued.
    @discardableResult
    public func queue(_ item: SourceItem, of source: Source, profile: Profile) async throws -> SourceItem {
        var options = profile.jobOptions(url: item.entry.url, template: source.layout.template(sourceName: source.name), sourceName: source.name)
        options.archive?.sourceID = source.id
        if let name = profile.process {
            guard let processing else {
                throw SpoolError(.invalidInput, "the profile \(profile.name) names the processing profile '\(name)', but processing is not set up here")
            }
            options.processing = try await processing.resolve(name)
        }
        let job = try await jobs.create(options)
        return try await store.modifyItem(sourceID: source.id, mediaID: item.entry.mediaID) {
            $0.status = .queued
            $0.reason = nil
            $0.jobID = job.id
            $0.jobState = job.state
            $0.retryAt = nil
        }
    }

    /// The profile a source downloads with (the built-in one when it names none or it is gone).
    public func profile(for source: Source) async throws -> Profile {
        guard let id = source.profileID else { return .builtIn }
        return try await store.profile(id) ?? .builtIn
    }

    // MARK: Retention

    /// What the source's retention deletes now, oldest first: each video's job, stored files, size
    /// and reason. Nothing is changed.
    public func retentionPlan(_ id: Int64) async throws -> RetentionReport.Scope {
        let source = try await source(id)
        let items = try await allItems(of: id)
        var media: [JobID: Media] = [:]
        if source.retention.maxTotalSizeMB != nil {
            media = try await jobs.mediaRows(of: items.filter { $0.phase == .downloaded && !$0.keep }.compactMap(\.jobID))
        }
        var scope = RetentionReport.Scope(sourceID: id, name: source.name, rules: source.retention)
        for (item, reason) in source.retention.expired(items, sizes: media.compactMapValues(\.filesize), now: clock.now) {
            var deletion = RetentionDeletion(jobID: item.jobID, sourceID: id, mediaID: item.entry.mediaID, title: item.entry.title, reason: reason)
            if let jobID = item.jobID, let listed = try await jobs.deletion(of: jobID, reason: reason, media: media[jobID]) {
                deletion.paths = listed.paths
                deletion.bytes = listed.bytes
                deletion.title = item.entry.title ?? listed.title
            }
            scope.deletions.append(deletion)
        }
        return scope
    }

    /// Deletes what the retention says (files and jobs), marks the items deleted and logs each
    /// deletion in the source's log. A deletion that fails is logged, reported in
    /// ``RetentionReport/Scope/errors`` and tried again next time; the others go on.
    /// - Returns: What was deleted, with the files removed.
    @discardableResult
    public func applyRetention(_ id: Int64) async throws -> RetentionReport.Scope {
        let plan = try await retentionPlan(id)
        var done = RetentionReport.Scope(sourceID: id, name: plan.name, rules: plan.rules)
        for deletion in plan.deletions {
            guard let mediaID = deletion.mediaID else { continue }
            do {
                guard let deleted = try await jobs.delete(deletion) else { continue }
                _ = try await store.modifyItem(sourceID: id, mediaID: mediaID) {
                    $0.status = .deleted
                    $0.reason = "retention: \(deletion.reason)"
                    $0.jobState = nil
                }
                let size = deleted.bytes.map { ", \(ByteCount.format($0))" } ?? ""
                try await jobs.record([.sourceLog(id, .info, "retention deleted '\(deleted.name)' [\(mediaID)]\(size): \(deletion.reason)", at: clock.now)])
                done.deletions.append(deleted)
            } catch {
                let message = "'\(deletion.name)' [\(mediaID)]: \((error as? SpoolError)?.message ?? "\(error)")"
                done.errors.append(message)
                try? await jobs.record([.sourceLog(id, .warning, "retention could not delete \(message)", at: clock.now)])
            }
        }
        return done
    }

    private func allItems(of id: Int64) async throws -> [SourceItem] {
        try await store.items(sourceID: id, query: .init(limit: Int.max))
    }

    // MARK: Profiles

    /// Validates and stores a new profile.
    public func createProfile(_ profile: Profile) async throws -> Profile {
        try await validate(profile)
        return try await store.insertProfile(profile)
    }

    /// Validates and replaces a profile.
    public func updateProfile(_ profile: Profile) async throws -> Profile {
        try await validate(profile)
        return try await store.updateProfile(profile)
    }

    // MARK: Validation

    /// The profile's own checks, and that its storage target exists.
    private func validate(_ profile: Profile) async throws {
        try profile.validate()
        try await jobs.validateFormat(profile.format)
        if let storage = profile.storage {
            _ = try jobs.configuration.storageTargets.resolve(storage, field: "storage")
        }
    }

    private func validate(_ source: Source) async throws {
        let name = source.name.trimmingCharacters(in: .whitespaces)
        guard !name.isEmpty, name.count <= 100 else { throw SpoolError(.invalidInput, "name must be 1–100 characters") }
        try JobOptions.validateURL(source.url)
        if let feedURL = source.feedURL { try JobOptions.validateURL(feedURL) }
        guard !source.tabs.followed.isEmpty else { throw SpoolError(.invalidInput, "tabs: follow at least one of videos, shorts, streams") }
        if case .newest(let count) = source.backlog, count < 0 { throw SpoolError(.invalidInput, "backlog newest:N needs N ≥ 0") }
        try source.filters.validate()
        try source.retention.validate()
        if case .custom(let template) = source.layout { try OutputTemplateGuard.validate(template) }
        if let profileID = source.profileID, try await store.profile(profileID) == nil {
            throw SpoolError(.invalidInput, "profileId \(profileID) does not exist")
        }
    }

    /// YouTube's Atom feed of a `/channel/UC…` URL (the feed names channels only by that id).
    public static func youtubeFeedURL(for url: String) -> String? {
        guard let components = URLComponents(string: url), let host = components.host?.lowercased(),
              host == "youtube.com" || host.hasSuffix(".youtube.com") else { return nil }
        let parts = components.path.split(separator: "/")
        if parts.count >= 2, parts[0] == "channel", parts[1].hasPrefix("UC") {
            return "https://www.youtube.com/feeds/videos.xml?channel_id=\(parts[1])"
        }
        if parts.first == "playlist", let list = components.queryItems?.first(where: { $0.name == "list" })?.value {
            return "https://www.youtube.com/feeds/videos.xml?playlist_id=\(list)"
        }
        return nil
    }

}
