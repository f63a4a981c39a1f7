import Foundation
import SpoolAPIModels
import SpoolCore

/// The Transmission RPC methods over the job service: a job is a torrent (see
/// ``TransmissionTorrent``), known by its ``Job/number`` or the SHA-1 `hashString` of its id.
struct TransmissionRPC: Sendable {
    /// Seconds within which a job counts as `recently-active`.
    static let recentSeconds: TimeInterval = 60
    /// Durable events read back to find recently removed jobs.
    static let removalScanEvents = 2_000
    /// Jobs read per page when every job is listed.
    static let pageSize = 500

    let service: JobService
    let configuration: TransmissionConfiguration
    /// The library folder (`download-dir`).
    let libraryRoot: String?
    /// Options given to jobs added with `torrent-add`.
    let defaults: JobDefaults
    /// Limits `torrent-add` per user, as `POST /api/jobs` is limited.
    let creationLimiter: RateLimiter
    /// The `X-Transmission-Session-Id` of this process (`session-id` in `session-get`).
    let sessionID: String
    /// When this process started serving (`secondsActive`).
    let startedAt: Date

    /// Who may call which method (`x-spool-rpc-roles` of `POST /transmission/rpc` in the API document).
    var policy: RoutePolicy = .embedded
    /// Whose jobs the calls see (``AuthenticatedUser/jobScope``): nil for every job; set per call by
    /// ``run(_:user:)``.
    var scope: Int64?

    /// Runs one call for `user`; errors come back as ``TransmissionError``. A method the policy
    /// declares no role for is not found (nothing runs).
    func run(_ call: TransmissionCall, user: User) async -> Result<[String: JSONValue], TransmissionError> {
        guard let level = policy.rpcLevel(call.method) else {
            return .failure(.methodNotFound(call.method))
        }
        guard level.admits(user.role) else {
            return .failure(.refused("forbidden: \(call.method.replacingOccurrences(of: "_", with: "-")) needs the \(level.rawValue) role; this user is a \(user.role.rawValue)"))
        }
        var scoped = self
        scoped.scope = user.role == .user ? user.id : nil
        do {
            return .success(try await scoped.dispatch(call, user: user))
        } catch {
            return .failure(TransmissionError(error))
        }
    }

    private func dispatch(_ call: TransmissionCall, user: User) async throws -> [String: JSONValue] {
        let arguments = call.arguments
        switch call.method {
        case "session_get": return sessionGet(arguments, snakeCase: call.snakeCase)
        case "session_set": return try sessionSet(arguments)
        case "session_stats": return try await sessionStats()
        case "free_space": return try freeSpace(arguments)
        case "torrent_get": return try await torrentGet(arguments, snakeCase: call.snakeCase)
        case "torrent_add": return try await torrentAdd(arguments, user: user)
        case "torrent_start": return try await act(arguments, start)
        case "torrent_start_now": return try await act(arguments, startNow)
        case "torrent_stop": return try await act(arguments, stop)
        case "torrent_verify", "torrent_reannounce":
            // Nothing to do: stages check their files as they go.
            _ = try await resolve(arguments["ids"])
            return [:]
        case "torrent_remove": return try await remove(arguments)
        case "torrent_set": return try await set(arguments)
        case "queue_move_top": return try await move(arguments, .top)
        case "queue_move_up": return try await move(arguments, .up)
        case "queue_move_down": return try await move(arguments, .down)
        case "queue_move_bottom": return try await move(arguments, .bottom)
        default: throw TransmissionError.methodNotFound(call.method)
        }
    }

    // MARK: Torrents

    /// `torrent-get`: the requested fields of the selected jobs, as objects or as a table;
    /// with `ids: "recently-active"` also the numbers of jobs removed in the last minute.
    func torrentGet(_ arguments: [String: JSONValue], snakeCase: Bool) async throws -> [String: JSONValue] {
        guard let fields = arguments["fields"]?.arrayValue?.compactMap(\.stringValue), !fields.isEmpty else {
            throw TransmissionError.invalidParams("no fields specified")
        }
        let names = fields.map { snakeCase ? TransmissionNames.snakeCase($0) : $0 }
        let table = arguments["format"]?.stringValue == "table"
        let jobs = try await resolve(arguments["ids"])
        let needsMedia = !Set(fields.map(TransmissionNames.snakeCase)).isSubset(of: Self.mediaFreeFields)
        var rows: [JSONValue] = table ? [.array(names.map(JSONValue.string))] : []
        let media = needsMedia ? try await downloadedMedia(of: jobs) : [:]
        for job in jobs {
            let torrent = TransmissionTorrent(job: job, media: media[job.id], libraryRoot: libraryRoot)
            if table {
                rows.append(.array(fields.map { torrent.value(TransmissionNames.snakeCase($0)) ?? .null }))
            } else {
                var object: [String: JSONValue] = [:]
                for (field, name) in zip(fields, names) {
                    if let value = torrent.value(TransmissionNames.snakeCase(field)) { object[name] = value }
                }
                rows.append(.object(object))
            }
        }
        var answer: [String: JSONValue] = ["torrents": .array(rows)]
        if Self.isRecentlyActive(arguments["ids"]) {
            answer["removed"] = .array(try await recentlyRemoved().map(JSONValue.integer))
        }
        return answer
    }

    /// The media rows of the jobs whose download is done (their sizes and files), in one read.
    func downloadedMedia(of jobs: [Job]) async throws -> [JobID: Media] {
        try await service.store.media(for: Set(jobs.filter { $0.finishedStages.contains(.download) || $0.state == .complete }.map(\.id)))
    }

    /// Fields whose values never need the media row.
    private static let mediaFreeFields: Set<String> = [
        "id", "hash_string", "name", "status", "error", "error_string", "is_finished", "eta", "rate_download", "rate_upload",
        "labels", "queue_position", "bandwidth_priority", "added_date", "done_date", "activity_date", "upload_ratio",
        "peers_sending_to_us", "peers_getting_from_us", "recheck_progress", "download_dir", "start_date",
    ]

    /// Whether `ids` asks for the recently active jobs.
    static func isRecentlyActive(_ ids: JSONValue?) -> Bool {
        guard let name = ids?.stringValue else { return false }
        return name == "recently-active" || name == "recently_active"
    }

    /// The jobs `ids` selects (Transmission's rules, 3.1): none given → every job; a number; a
    /// hash string (or a Spool job id); a list of those; or `recently-active`. Unknown ids are
    /// skipped, as Transmission skips them. Jobs come in number order.
    func resolve(_ ids: JSONValue?) async throws -> [Job] {
        switch ids {
        case nil, .null?:
            return try await allJobs()
        case .string?, .number?:
            if Self.isRecentlyActive(ids) {
                let since = service.clock.now.addingTimeInterval(-Self.recentSeconds)
                return try await recentJobs(since: since)
            }
            return try await resolve(.array([ids!]))
        case .array(let list)?:
            var found: [JobID: Job] = [:]
            var hashes: Set<String> = []
            for item in list {
                switch item {
                case .number(let value):
                    guard value.rounded() == value, let number = Int64(exactly: value) else {
                        throw TransmissionError.invalidParams("torrent ids must be whole numbers, hash strings or \"recently-active\"")
                    }
                    if let job = try await service.store.job(number: number), isVisible(job) { found[job.id] = job }
                case .string(let text):
                    let lowered = text.lowercased()
                    if lowered.count == 40, lowered.allSatisfy(\.isHexDigit) {
                        hashes.insert(lowered)
                    } else if let number = Int64(text) {
                        if let job = try await service.store.job(number: number), isVisible(job) { found[job.id] = job }
                    } else if JobID(lowered).isWellFormed, let job = try await service.store.job(JobID(lowered)), isVisible(job) {
                        found[job.id] = job
                    }
                default:
                    throw TransmissionError.invalidParams("torrent ids must be whole numbers, hash strings or \"recently-active\"")
                }
            }
            if !hashes.isEmpty {
                for job in try await allJobs() where hashes.contains(job.id.torrentHash) {
                    found[job.id] = job
                }
            }
            return found.values.sorted { ($0.number ?? 0) < ($1.number ?? 0) }
        default:
            throw TransmissionError.invalidParams("torrent ids must be whole numbers, hash strings or \"recently-active\"")
        }
    }

    /// Whether the calls' user sees `job` (their own and no one's; see ``scope``).
    func isVisible(_ job: Job) -> Bool {
        guard let scope, let owner = job.ownerID else { return true }
        return owner == scope
    }

    /// Every job the user sees, oldest first.
    func allJobs() async throws -> [Job] {
        var jobs: [Job] = []
        var offset = 0
        while true {
            let page = try await service.store.list(JobQuery(visibleTo: scope, limit: Self.pageSize, offset: offset, sort: .created))
            jobs += page.jobs
            offset += page.jobs.count
            if page.jobs.isEmpty || offset >= page.total { break }
        }
        return jobs.sorted { ($0.number ?? 0) < ($1.number ?? 0) }
    }

    /// Jobs changed since `since`, oldest first.
    private func recentJobs(since: Date) async throws -> [Job] {
        var jobs: [Job] = []
        var offset = 0
        pages: while true {
            let page = try await service.store.list(JobQuery(visibleTo: scope, limit: Self.pageSize, offset: offset, sort: .updated, descending: true))
            for job in page.jobs {
                guard job.updatedAt >= since else { break pages }
                jobs.append(job)
            }
            offset += page.jobs.count
            if page.jobs.isEmpty || offset >= page.total { break }
        }
        return jobs.sorted { ($0.number ?? 0) < ($1.number ?? 0) }
    }

    /// Numbers of the jobs the user saw that were removed in the last minute, from the
    /// `job_removed` events among the latest durable events.
    private func recentlyRemoved() async throws -> [Int64] {
        let latest = try await service.store.latestEventID()
        let since = service.clock.now.addingTimeInterval(-Self.recentSeconds)
        let events = try await service.store.events(after: max(0, latest - Int64(Self.removalScanEvents)), jobIDs: nil, limit: Self.removalScanEvents)
        return events.compactMap { event in
            guard event.type == .jobRemoved, event.timestamp >= since, let number = event.payload["number"]?.intValue else { return nil }
            // Another user's job went: not this caller's business (see ``scope``).
            if let scope, let owner = event.payload["ownerId"]?.intValue, Int64(owner) != scope { return nil }
            return Int64(number)
        }
    }
}
