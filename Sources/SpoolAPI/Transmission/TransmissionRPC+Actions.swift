import Foundation
import SpoolAPIModels
import SpoolCore

extension TransmissionRPC {
    /// Applies `action` to every selected job. A job the action does not apply to (starting a
    /// running job, stopping a finished one) is left as it is, as Transmission does.
    func act(_ arguments: [String: JSONValue], _ action: (Job) async throws -> Void) async throws -> [String: JSONValue] {
        for job in try await resolve(arguments["ids"]) {
            do {
                try await action(job)
            } catch let error as SpoolError where error.code == .illegalTransition || error.code == .notFound {
                continue
            }
        }
        return [:]
    }

    /// `torrent-start`: a paused or failed job resumes, a canceled one starts again from the beginning.
    func start(_ job: Job) async throws {
        switch job.state {
        case .paused, .failed: try await service.apply(.resume, to: job.id, reason: "started by a Transmission remote")
        case .canceled: try await service.apply(.restart, to: job.id, reason: "started by a Transmission remote")
        default: break
        }
    }

    /// `torrent-start-now`: as `torrent-start`, then ahead of the download limit.
    func startNow(_ job: Job) async throws {
        if job.state == .canceled || job.state == .failed {
            try await start(job)
        }
        try await service.apply(.startNow, to: job.id, reason: "started now by a Transmission remote")
    }

    /// `torrent-stop`: pauses a waiting or running job.
    func stop(_ job: Job) async throws {
        guard !job.state.isTerminal, job.state != .paused else { return }
        try await service.apply(.pause, to: job.id, reason: "stopped by a Transmission remote")
    }

    /// `torrent-remove`: deletes the jobs, with `delete-local-data` their files too.
    func remove(_ arguments: [String: JSONValue]) async throws -> [String: JSONValue] {
        let deleteFiles = try Self.bool(arguments["delete_local_data"], "delete-local-data") ?? false
        for job in try await resolve(arguments["ids"]) {
            do {
                try await service.delete(job.id, deleteFiles: deleteFiles, reason: nil)
            } catch let error as SpoolError where error.code == .notFound {
                continue
            }
        }
        return [:]
    }

    /// `queue-move-*`: moves the waiting jobs among the selected ones in their queue, keeping
    /// their order among themselves.
    func move(_ arguments: [String: JSONValue], _ direction: QueueMove) async throws -> [String: JSONValue] {
        var jobs = try await resolve(arguments["ids"])
        if direction == .top || direction == .down { jobs.reverse() }
        for job in jobs {
            do {
                try await service.move(job.id, direction)
            } catch let error as SpoolError where error.code == .illegalTransition || error.code == .notFound {
                continue
            }
        }
        return [:]
    }

    /// `torrent-set`: `labels` become the jobs' tags, `bandwidthPriority` −1/0/1 their priority
    /// class low/normal/high (a waiting job takes its new place in the queue). Other keys are
    /// accepted and ignored.
    func set(_ arguments: [String: JSONValue]) async throws -> [String: JSONValue] {
        let labels = try Self.labels(arguments["labels"])
        let priority = try Self.priority(arguments["bandwidth_priority"])
        guard labels != nil || priority != nil else { return [:] }
        for job in try await resolve(arguments["ids"]) {
            let (updated, stored) = try await service.store.modify(job.id) { job in
                if let labels { job.options.tags = labels }
                if let priority { job.options.priority = priority }
                return [.log(job.id, .info, "labels or priority changed by a Transmission remote")]
            }
            await service.publish(stored)
            if priority != nil, priority != job.options.priority, let stage = updated.lifecycle(in: service.stages).waitingStage {
                try await service.scheduler.enqueue(updated, stage: stage, forced: false)
            }
        }
        return [:]
    }

    /// `torrent-add`: `filename` must be an http(s) URL; it becomes a job with the default
    /// options (`labels` → tags, `bandwidthPriority` → priority, `paused` → added paused). A URL
    /// that a job (not a canceled one) already has answers `torrent-duplicate` with that job.
    func torrentAdd(_ arguments: [String: JSONValue], user: User) async throws -> [String: JSONValue] {
        if arguments["metainfo"] != nil {
            throw TransmissionError(code: .corruptTorrent, message: "Spool downloads media URLs, not .torrent files: send the page URL as filename")
        }
        guard let filename = arguments["filename"]?.stringValue?.trimmingCharacters(in: .whitespacesAndNewlines), !filename.isEmpty else {
            throw TransmissionError.invalidParams("no filename or metainfo specified")
        }
        let lowered = filename.lowercased()
        guard lowered.hasPrefix("http://") || lowered.hasPrefix("https://") else {
            let what = lowered.hasPrefix("magnet:") ? "magnet links" : "'\(filename.prefix(64))'"
            throw TransmissionError(code: .corruptTorrent, message: "Spool cannot add \(what): filename must be an http(s) URL of a video page or media file")
        }
        let labels = try Self.labels(arguments["labels"])
        let priority = try Self.priority(arguments["bandwidth_priority"])
        let paused = try Self.bool(arguments["paused"], "paused") ?? false
        if let existing = try await existingJob(url: filename) {
            return ["torrent-duplicate": Self.added(existing)]
        }
        if let wait = creationLimiter.acquire("user:\(user.id)") {
            throw TransmissionError.refused("too many jobs added; try again in \(Int(wait.components.seconds) + 1) s")
        }
        let request = CreateJobRequest(url: filename, priority: priority, tags: labels)
        var job = try await service.create(request.options(defaults: defaults), owner: user.id)
        if paused {
            job = (try? await service.apply(.pause, to: job.id, reason: "added paused by a Transmission remote")) ?? job
        }
        return ["torrent-added": Self.added(job)]
    }

    /// The job that already has this URL (the oldest one that is not canceled), if any.
    private func existingJob(url: String) async throws -> Job? {
        let page = try await service.store.list(JobQuery(search: url, visibleTo: scope, limit: 50, sort: .created))
        return page.jobs.first { $0.options.url == url && $0.state != .canceled }
    }

    /// `torrent-added`/`torrent-duplicate`: `{id, name, hashString}`.
    static func added(_ job: Job) -> JSONValue {
        .object([
            "id": .integer(job.number ?? 0),
            "name": .string(job.title.flatMap { $0.isEmpty ? nil : $0 } ?? job.options.url),
            "hashString": .string(job.id.torrentHash),
        ])
    }

    /// A boolean argument (Transmission also takes 0/1).
    static func bool(_ value: JSONValue?, _ name: String) throws -> Bool? {
        switch value {
        case nil, .null?: return nil
        case .bool(let flag)?: return flag
        case .number(let number)?: return number != 0
        default: throw TransmissionError.invalidParams("\(name) must be a boolean")
        }
    }

    /// `labels`: tags, validated as Spool validates tags.
    static func labels(_ value: JSONValue?) throws -> [String]? {
        guard let value, value != .null else { return nil }
        guard let list = value.arrayValue, list.allSatisfy({ $0.stringValue != nil }) else {
            throw TransmissionError.invalidParams("labels must be an array of strings")
        }
        let labels = list.compactMap(\.stringValue)
        if labels.count > InputLimits.maxTags {
            throw TransmissionError.invalidParams("at most \(InputLimits.maxTags) labels are allowed")
        }
        for label in labels where label.isEmpty || label.count > InputLimits.maxTagLength || label.contains(where: \.isNewline) || label.contains(",") {
            throw TransmissionError.invalidParams("labels must be 1–\(InputLimits.maxTagLength) characters on one line, without commas")
        }
        return labels
    }

    /// `bandwidthPriority` −1/0/1 as a priority class.
    static func priority(_ value: JSONValue?) throws -> JobPriority? {
        guard let value, value != .null else { return nil }
        guard let number = value.intValue, (-1...1).contains(number) else {
            throw TransmissionError.invalidParams("bandwidthPriority must be -1, 0 or 1")
        }
        return JobPriority(rank: number + 1)
    }
}
