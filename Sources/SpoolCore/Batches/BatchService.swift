import Foundation

/// The use cases behind batches (`/api/batches`, seed 003's `/api/v1/jobs`, `spool add --batch`):
/// add many URLs as one batch of jobs in episode order, read its status, and cancel, retry or
/// delete all of its jobs at once. Each job is an ordinary job: it is queued, controlled and
/// listed like any other.
public struct BatchService: Sendable {
    /// Most URLs in one batch.
    public static let maxItems = 1000

    /// The jobs' use cases.
    public let jobs: JobService
    /// Where batches are kept.
    public let store: any BatchStore
    /// Makes the batch's `notificationWebhook` a webhook subscription scoped to its jobs; nil
    /// only keeps the URL with the batch.
    public let notifications: NotificationService?

    /// Creates the service.
    public init(jobs: JobService, store: any BatchStore, notifications: NotificationService? = nil) {
        self.jobs = jobs
        self.store = store
        self.notifications = notifications
    }

    /// Validates every item first (nothing is added when one is invalid), stores the batch, then
    /// adds one job per item in order, episode n at queue position n.
    ///
    /// - Parameters:
    ///   - name: A label for lists; nil shows the first URL.
    ///   - items: Each job's options, in episode order.
    ///   - notificationWebhook: A URL told about each job of the batch (a webhook subscription
    ///     scoped to its jobs, see ``NotificationService/subscribe(jobs:url:events:secret:)``), kept with it.
    ///   - owner: The id of the user adding it: the owner of every job (``Job/ownerID``).
    /// - Returns: The new batch's status, from the jobs just added (no second read).
    /// - Throws: `invalid_input` naming the item (`urls[2]: …`) for an invalid one or a batch that
    ///   is empty or too long; the first job's error when none could be added.
    public func create(name: String?, items: [JobOptions], notificationWebhook: String? = nil, owner: Int64? = nil) async throws -> BatchStatus {
        guard !items.isEmpty else { throw SpoolError(.invalidInput, "a batch needs at least one URL") }
        guard items.count <= Self.maxItems else {
            throw SpoolError(.invalidInput, "a batch holds at most \(Self.maxItems) URLs; this one has \(items.count)")
        }
        if let name, name.count > 200 { throw SpoolError(.invalidInput, "name is longer than 200 characters") }
        for (index, options) in items.enumerated() {
            if let error = await problem(with: options) {
                throw SpoolError(error.code, "urls[\(index)]: \(error.message)")
            }
        }
        if let notificationWebhook, let notifications { try await notifications.check(url: notificationWebhook) }
        let batch = Batch(name: name?.isEmpty == true ? nil : name, jobIDs: items.map { _ in .random() }, createdAt: jobs.clock.now, notificationWebhook: notificationWebhook)
        try await store.insertBatch(batch)
        if let notificationWebhook, let notifications {
            // Subscribed before the jobs exist, so the webhook hears `job.added` too.
            _ = try await notifications.subscribe(jobs: batch.jobIDs, url: notificationWebhook)
        }
        var added: [Job] = []
        for (index, var options) in items.enumerated() {
            options.batch = BatchMembership(id: batch.id, name: batch.name, episode: index + 1)
            do {
                added.append(try await jobs.create(options, id: batch.jobIDs[index], owner: owner))
            } catch {
                // Nothing added: the batch goes too. Otherwise the items added stay, and the
                // ones missing read as removed.
                if added.isEmpty { _ = try? await store.deleteBatch(batch.id) }
                throw error
            }
        }
        return BatchStatus(batch, jobs: Dictionary(uniqueKeysWithValues: added.map { ($0.id, $0) }), stages: jobs.stages)
    }

    /// The batch's status; throws `not_found` for an unknown id.
    public func status(_ id: BatchID) async throws -> BatchStatus {
        try await status(of: try await batch(id))
    }

    /// Batches, newest first, with their status, and how many there are in all; with `visibleTo`,
    /// only the batches that user sees (``BatchStatus/isVisible(to:)``).
    public func list(limit: Int, offset: Int, visibleTo scope: Int64? = nil) async throws -> (batches: [BatchStatus], total: Int) {
        if let scope { return try await list(limit: limit, offset: offset, scope: scope) }
        let page = try await store.batches(limit: limit, offset: offset)
        var statuses: [BatchStatus] = []
        for batch in page.batches {
            statuses.append(try await status(of: batch))
        }
        return (statuses, page.total)
    }

    /// Cancels every item that has not ended; the ones that ended keep their files. With
    /// `visibleTo`, only the items that user sees (``Job/isVisible(to:)``).
    public func cancel(_ id: BatchID, visibleTo scope: Int64? = nil) async throws -> BatchStatus {
        try await apply(.cancel, to: id, visibleTo: scope, reason: "batch canceled") { !$0.isTerminal }
    }

    /// Queues again every item that failed or was canceled. With `visibleTo`, only the items
    /// that user sees (``Job/isVisible(to:)``).
    public func retry(_ id: BatchID, visibleTo scope: Int64? = nil) async throws -> BatchStatus {
        try await apply(.restart, to: id, visibleTo: scope, reason: "batch retried") { $0 == .failed || $0 == .canceled }
    }

    /// Deletes the batch and its jobs (with their files when `deleteFiles`); returns the files
    /// that could not be deleted. With `visibleTo`, only the jobs that user sees
    /// (``Job/isVisible(to:)``) go, and the batch stays while it holds another user's jobs.
    public func delete(_ id: BatchID, deleteFiles: Bool, visibleTo scope: Int64? = nil) async throws -> [String] {
        let before = try await status(id)
        var undeleted: [String] = []
        var othersLeft = false
        for item in before.items {
            guard let job = item.job else { continue }
            guard job.isVisible(to: scope) else {
                othersLeft = true
                continue
            }
            do {
                undeleted += try await jobs.delete(job.id, deleteFiles: deleteFiles, reason: "batch deleted")
            } catch let error as SpoolError where error.code == .notFound {
                continue
            }
        }
        if !othersLeft { _ = try await store.deleteBatch(id) }
        return undeleted
    }

    /// Why `options` would be refused when its job is added, if it would.
    private func problem(with options: JobOptions) async -> SpoolError? {
        do {
            try options.validate()
            _ = try jobs.configuration.storageTargets.resolve(options.storage)
            try await jobs.validateFormat(options.formatPreset)
            return nil
        } catch {
            return error
        }
    }

    /// The batch's status if the user `scope` sees it (nil: anyone); another user's batch is
    /// `not_found`, like one that does not exist.
    public func status(_ id: BatchID, visibleTo scope: Int64?) async throws -> BatchStatus {
        let status = try await status(id)
        guard status.isVisible(to: scope) else { throw SpoolError(.notFound, "no batch with id '\(id.rawValue.prefix(60))'") }
        return status
    }

    /// A page of the batches `scope` sees, read through every batch (a user's own are few).
    private func list(limit: Int, offset: Int, scope: Int64) async throws -> (batches: [BatchStatus], total: Int) {
        var visible: [BatchStatus] = []
        var total = 0
        var start = 0
        while true {
            let page = try await store.batches(limit: 200, offset: start)
            for batch in page.batches {
                let status = try await status(of: batch)
                guard status.isVisible(to: scope) else { continue }
                if total >= offset, visible.count < limit { visible.append(status) }
                total += 1
            }
            start += page.batches.count
            if page.batches.isEmpty || start >= page.total { break }
        }
        return (visible, total)
    }

    private func batch(_ id: BatchID) async throws -> Batch {
        guard id.isWellFormed, let batch = try await store.batch(id) else {
            throw SpoolError(.notFound, "no batch with id '\(id.rawValue.prefix(60))'")
        }
        return batch
    }

    private func status(of batch: Batch) async throws -> BatchStatus {
        var found: [JobID: Job] = [:]
        for id in batch.jobIDs {
            if let job = try await jobs.store.job(id) { found[id] = job }
        }
        return BatchStatus(batch, jobs: found, stages: jobs.stages)
    }

    /// Applies `event` to each job of the batch that the user `scope` sees and whose state passes
    /// `applies`; a job that changed state in between is left as it is.
    private func apply(
        _ event: JobLifecycle.Event, to id: BatchID, visibleTo scope: Int64?, reason: String, where applies: (JobState) -> Bool
    ) async throws -> BatchStatus {
        let before = try await status(id)
        for item in before.items {
            guard let job = item.job, job.isVisible(to: scope), applies(job.state) else { continue }
            do {
                try await jobs.apply(event, to: job.id, reason: reason)
            } catch let error as SpoolError where error.code == .illegalTransition || error.code == .notFound {
                continue
            }
        }
        return try await status(id)
    }
}
