import Foundation

/// The use cases behind the API and the CLI: add, pause, resume, start now, cancel, retry, move,
/// delete. It drives ``JobLifecycle`` against the store and performs the resulting actions.
public struct JobService: Sendable {
    /// Settings for the service.
    public struct Configuration: Sendable {
        /// Jobs are refused (HTTP 507) when the media volume has fewer free bytes than this.
        public var minFreeBytes: Int64
        /// The object-storage targets a job may name, and the default one.
        public var storageTargets: StorageTargets
        /// Checks custom yt-dlp format expressions on submission (nil: only the syntax guard).
        public var formats: (any FormatValidator)?

        /// Creates a configuration.
        public init(minFreeBytes: Int64 = 1 << 30, storageTargets: StorageTargets = StorageTargets(), formats: (any FormatValidator)? = nil) {
            self.minFreeBytes = minFreeBytes
            self.storageTargets = storageTargets
            self.formats = formats
        }
    }

    /// The job store.
    public let store: any JobStore
    /// The queue.
    public let scheduler: any JobScheduler
    /// Live event fan-out.
    public let events: any EventBus
    /// Stops running work.
    public let control: any JobControl
    /// Job files and disk space.
    public let files: any JobFiles
    /// Settings.
    public let configuration: Configuration
    /// The stages jobs run (each job's plan comes from here).
    public let stages: StageCatalog
    /// The time stamped on jobs and their changes.
    public let clock: any WallClock
    /// Queues this process has paused (the download queue on a full disk), shared by every copy.
    public var pauses = QueuePauses()

    /// Creates the service.
    public init(
        store: any JobStore, scheduler: any JobScheduler, events: any EventBus, control: any JobControl, files: any JobFiles,
        configuration: Configuration = .init(), stages: StageCatalog = .standard, clock: any WallClock = SystemWallClock()
    ) {
        self.stages = stages
        self.clock = clock
        self.store = store
        self.scheduler = scheduler
        self.events = events
        self.control = control
        self.files = files
        self.configuration = configuration
    }

    /// Validates, resolves its storage target, checks disk space, stores and enqueues a new job
    /// (with `id`, when the caller needs to know it before the job exists: a batch).
    /// - Parameter owner: The id of the user adding it (``Job/ownerID``); nil: no one's.
    public func create(_ options: JobOptions, id: JobID = .random(), owner: Int64? = nil) async throws -> Job {
        try options.validate()
        try await validateFormat(options.formatPreset)
        var options = options
        options.storage = try configuration.storageTargets.resolve(options.storage)
        let free = try files.freeBytes()
        if free < configuration.minFreeBytes {
            throw SpoolError(.insufficientStorage, "only \(ByteCount.format(free)) free on the media volume; at least \(ByteCount.format(configuration.minFreeBytes)) is required")
        }
        var draft = Job(id: id, options: options, now: clock.now)
        draft.ownerID = owner
        let (job, stored) = try await store.insert(draft, events: [
            .jobAdded(draft),
            .log(draft.id, .info, "added \(options.url)"),
        ])
        await publish(stored)
        try await scheduler.enqueue(job, stage: .download, forced: false)
        return job
    }

    /// Checks a custom format with ``Configuration/formats`` (yt-dlp's parser); presets need no check.
    ///
    /// - Throws: ``SpoolError`` `.invalidFormat` with the parser's message.
    public func validateFormat(_ format: String) async throws(SpoolError) {
        guard FormatPreset(rawValue: format) == nil, let formats = configuration.formats else { return }
        try await formats.validate(format)
    }

    /// Applies a user event (pause, resume, startNow, cancel, restart) and performs its actions.
    @discardableResult
    public func apply(_ event: JobLifecycle.Event, to id: JobID, reason: String? = nil) async throws -> Job {
        let (job, outcome) = try await transition(id, event, reason: reason)
        try await perform(outcome.actions, for: job)
        return job
    }

    /// Changes the job's state through the lifecycle in one store transaction and publishes the
    /// stored events; throws `illegal_transition` with the machine's reason when rejected.
    /// - Parameters:
    ///   - events: Events stored in the same transaction, after the state changes (logs, errors,
    ///     notifications that belong to this step).
    ///   - update: Further changes to the job, made in the same transaction.
    public func transition(
        _ id: JobID,
        _ event: JobLifecycle.Event,
        reason: String? = nil,
        events extra: [JobEvent] = [],
        update: @escaping @Sendable (inout Job) -> Void = { _ in }
    ) async throws -> (Job, JobLifecycle.Outcome) {
        let box = OutcomeBox()
        let stages = self.stages
        let now = clock.now
        let (job, stored) = try await store.modify(id) { job in
            var machine = job.lifecycle(in: stages)
            let from = job.state
            let outcome: JobLifecycle.Outcome
            switch machine.handle(event) {
            case .success(let value): outcome = value
            case .failure(let rejection): throw SpoolError(.illegalTransition, rejection.reason)
            }
            job.state = machine.state
            job.pausedFrom = machine.pausedFrom
            job.finishedStages = machine.finished
            job.updatedAt = now
            switch event {
            case .restart:
                job.attempts = 0
                job.failure = nil
                job.outputPath = nil
                job.artifacts = []
                job.processingReport = nil
                job.progress = JobProgress()
            case .resume, .startNow:
                job.failure = nil
            case .start:
                if job.startedAt == nil { job.startedAt = now }
            default: break
            }
            if job.state.isTerminal { job.finishedAt = now } else { job.finishedAt = nil }
            update(&job)
            box.outcome = outcome
            var previous = from
            return outcome.states.map { state in
                defer { previous = state }
                return JobEvent.stateChange(job.id, from: previous, to: state, reason: reason, at: now)
            } + extra
        }
        await publish(stored)
        return (job, box.outcome ?? JobLifecycle.Outcome(states: [], actions: []))
    }

    /// Performs lifecycle actions for a job.
    public func perform(_ actions: [JobLifecycle.Action], for job: Job) async throws {
        for action in actions {
            switch action {
            case .enqueue(let stage): try await scheduler.enqueue(job, stage: stage, forced: false)
            case .enqueueNow(let stage): try await scheduler.enqueue(job, stage: stage, forced: true)
            case .dequeue: try await scheduler.dequeue(job.id)
            case .stopWorker: _ = await control.stop(job.id, reason: job.state == .paused ? .pause : .cancel)
            case .removeTemporaryFiles: try await files.removeTemporaryFiles(for: job.id)
            }
        }
    }

    /// Moves a waiting job within its queue.
    @discardableResult
    public func move(_ id: JobID, _ move: QueueMove) async throws -> Job {
        guard let job = try await store.job(id) else { throw SpoolError.jobNotFound(id) }
        guard let stage = job.lifecycle(in: stages).waitingStage else {
            throw SpoolError(.illegalTransition, "only waiting jobs can be moved, this one is \(job.state.rawValue)")
        }
        let before = try await scheduler.positions(in: stage)
        let position = try await scheduler.move(id, stage: stage, move)
        let now = clock.now
        let (updated, stored) = try await store.modify(id) { job in
            if let position { job.queuePosition = position }
            job.updatedAt = now
            return [.log(id, .info, "moved \(move.rawValue) in the \(stage.rawValue) queue")]
        }
        // Up and down swap places with a neighbour: its stored position changes too.
        let after = try await scheduler.positions(in: stage)
        for (other, newPosition) in after where other != id && before[other] != newPosition {
            _ = try? await store.modify(other) { job in
                job.queuePosition = newPosition
                return []
            }
        }
        await publish(stored)
        return updated
    }

    /// Deletes a job, stopping it first; with `deleteFiles` its stored files go too
    /// (``Job/storedFiles(media:)``: the output, then its side files; removing the last file of a
    /// folder removes the folder).
    /// - Parameter reason: Why, kept in the `job_removed` event (the job's own log goes with it).
    /// - Returns: The stored files removed (empty without `deleteFiles`).
    @discardableResult
    public func delete(_ id: JobID, deleteFiles: Bool, reason: String? = nil) async throws -> [String] {
        guard let job = try await store.job(id) else { throw SpoolError.jobNotFound(id) }
        if !job.state.isTerminal {
            // Cancel performs the stop, the dequeue and the temporary-file cleanup.
            _ = try? await apply(.cancel, to: id, reason: "deleted")
        } else {
            // A failed download may have left partial files behind.
            try await files.removeTemporaryFiles(for: id)
        }
        let media = try await store.media(for: id)
        var removed: [String] = []
        if deleteFiles {
            for path in job.storedFiles(media: media) {
                try await files.removeOutput(path: path)
                removed.append(path)
            }
        }
        let title = job.title ?? media?.title
        if let event = try await store.delete(id, event: .jobRemoved(id, reason: reason, title: title, number: job.number, owner: job.ownerID, at: clock.now)) {
            await events.publish(event)
        }
        return removed
    }

    /// Appends durable events and publishes them.
    public func record(_ events: [JobEvent]) async throws {
        let stored = try await store.append(events)
        await publish(stored)
    }

    /// Publishes already stored events.
    public func publish(_ stored: [JobEvent]) async {
        for event in stored { await events.publish(event) }
    }

    /// Re-queues work after a restart: every waiting or running job gets its queue entry back.
    public func recover() async throws {
        let jobs = try await store.jobs(in: stages.activeStates)
        try await scheduler.ensureQueued(jobs.compactMap { job in
            let machine = job.lifecycle(in: stages)
            return (machine.waitingStage ?? machine.runningStage).map { (job, $0) }
        })
    }
}

/// Carries the lifecycle outcome out of the store's transaction closure.
/// `@unchecked Sendable`: written inside one synchronous closure before it is read by the same task.
private final class OutcomeBox: @unchecked Sendable {
    var outcome: JobLifecycle.Outcome?
}

/// Formats byte counts for messages.
public enum ByteCount {
    /// `1.5 GiB`, `300 MiB`, `12 KiB`, `5 B`.
    public static func format(_ bytes: Int64) -> String {
        let units = ["B", "KiB", "MiB", "GiB", "TiB"]
        var value = Double(bytes)
        var unit = 0
        while value >= 1024, unit < units.count - 1 {
            value /= 1024
            unit += 1
        }
        return unit == 0 ? "\(bytes) B" : String(format: "%.1f", value) + " " + units[unit]
    }
}
