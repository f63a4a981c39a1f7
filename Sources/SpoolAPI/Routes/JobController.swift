import Foundation
import Hummingbird
import NIOCore
import SpoolAPIModels
import SpoolCore

/// `/api/jobs`: add, list, show, control, move, delete jobs and page through their logs.
struct JobController: Sendable {
    /// Most durable events in a job's detail view.
    static let detailEventCount = 200

    let service: JobService
    /// Resolves a job's `process`; nil refuses it.
    let processing: ProcessingProfiles?
    let defaults: JobDefaults
    let maxBodyBytes: Int
    let creationLimiter: RateLimiter
    /// Makes the job-scoped subscription of `notificationWebhook`; nil refuses that member.
    var notifications: NotificationService? = nil
    /// Encoded job lists, valid until the next event; each is also offered for replay on the event
    /// loop (see ``ResponseReplay``).
    let listCache = VersionedCache<String, ByteBuffer>()

    /// Registers the routes on a group mounted at `/api/jobs`.
    func addRoutes(to group: RouterGroup<SpoolRequestContext>) {
        group.get(use: list)
            .post(use: create)
            .get(":id", use: show)
            .delete(":id", use: delete)
            .get(":id/logs", use: logs)
            .post(":id/move", use: move)
        for (action, event) in Self.actions {
            group.post(":id/\(action)") { request, context in
                try await self.control(request, context: context, action: action, event: event)
            }
        }
    }

    /// Control routes and the lifecycle event each applies.
    static let actions: [(String, JobLifecycle.Event)] = [
        ("pause", .pause), ("resume", .resume), ("start", .startNow), ("cancel", .cancel), ("retry", .restart),
    ]

    @Sendable func create(_ request: Request, context: SpoolRequestContext) async throws -> EditedResponse<JobResponse> {
        let identity = try context.requireIdentity()
        if let wait = creationLimiter.acquire("user:\(identity.user.id)") {
            throw APIError.rateLimited("too many jobs added", retryAfter: wait)
        }
        // Room for a subtitle file given with the job (dubbingSubtitles), however small MAX_BODY_BYTES is.
        let limit = max(maxBodyBytes, InputLimits.maxDubbingSubtitlesBytes + 64 * 1024)
        let body = try await request.decodeJSON(CreateJobRequest.self, limit: limit)
        var options = body.options(defaults: defaults)
        if let name = body.process {
            // The job keeps a copy: editing the profile later changes new jobs only.
            options.processing = try await processing.resolve(name, field: "process")
        }
        if let webhook = body.notificationWebhook {
            guard let notifications else { throw SpoolError(.invalidInput, "notificationWebhook is not available on this server") }
            try await notifications.check(url: webhook)
            if let secret = body.notificationWebhookSecret { _ = try WebhookSecret.key(of: secret) }
        }
        let id = JobID.random()
        // The job's webhook is subscribed before the job exists, so it hears `job.added` too.
        var subscription: WebhookSubscription?
        if let webhook = body.notificationWebhook, let notifications {
            subscription = try await notifications.subscribe(jobs: [id], url: webhook, secret: body.notificationWebhookSecret)
        }
        let job: Job
        do {
            job = try await service.create(options, id: id, owner: identity.user.id)
        } catch {
            if let subscription { try? await notifications?.delete(subscription.id) }
            throw error
        }
        context.logger.info("job added", metadata: ["job.id": .string(job.id.rawValue)])
        if let subscription {
            context.logger.info("job webhook created", metadata: ["job.id": .string(job.id.rawValue), "webhook.id": .string(subscription.id)])
        }
        return EditedResponse(status: .created, headers: [.location: "/api/jobs/\(job.id)"], response: JobResponse(job: JobDTO(job, stages: service.stages)))
    }

    @Sendable func list(_ request: Request, context: SpoolRequestContext) async throws -> Response {
        let identity = try context.requireIdentity()
        let scope = identity.jobScope
        // Users see different lists: the cache key carries whose list it is.
        let key = (scope.map { "\($0)|" } ?? "*|") + (request.uri.query ?? "")
        // Read the version before the store: a change during the read makes the entry stale at once.
        let version = service.events.changeVersion
        if let version, let body = listCache.get(key, version: version) {
            context.replayOffer?.offer(body: body, version: version, identity: identity)
            return Self.jsonResponse(body)
        }
        var query = try Self.jobQuery(QueryParameters(request))
        query.visibleTo = scope
        let page = try await service.store.list(query)
        let list = JobListResponse(jobs: page.jobs.map { JobDTO($0, stages: service.stages) }, total: page.total, limit: query.limit, offset: query.offset)
        let body = ByteBuffer(bytes: try context.responseEncoder.encode(list))
        if let version {
            listCache.put(key, version: version, body)
            context.replayOffer?.offer(body: body, version: version, identity: identity)
        }
        return Self.jsonResponse(body)
    }

    /// The headers of a JSON body.
    private static let jsonHeaders: HTTPFields = [.contentType: "application/json; charset=utf-8"]

    static func jsonResponse(_ body: ByteBuffer) -> Response {
        Response(status: .ok, headers: jsonHeaders, body: ResponseBody(byteBuffer: body))
    }

    @Sendable func show(_ request: Request, context: SpoolRequestContext) async throws -> JobDetailResponse {
        let id = try Self.jobID(context)
        let identity = try context.requireIdentity()
        let job = try await service.job(id, visibleTo: identity)
        let media = try await service.store.media(for: id)
        var page = try await service.store.events(for: id, query: EventQuery(limit: Self.detailEventCount))
        if page.total > Self.detailEventCount {
            page = try await service.store.events(for: id, query: EventQuery(limit: Self.detailEventCount, offset: page.total - Self.detailEventCount))
        }
        return JobDetailResponse(job: JobDTO(job, stages: service.stages), media: media.map(MediaDTO.init), events: page.events.map(EventDTO.init))
    }

    @Sendable func logs(_ request: Request, context: SpoolRequestContext) async throws -> EventListResponse {
        let id = try Self.jobID(context)
        let query = try Self.eventQuery(QueryParameters(request))
        _ = try await service.job(id, visibleTo: try context.requireIdentity())
        let page = try await service.store.events(for: id, query: query)
        return EventListResponse(events: page.events.map(EventDTO.init), total: page.total, limit: query.limit, offset: query.offset)
    }

    func control(_ request: Request, context: SpoolRequestContext, action: String, event: JobLifecycle.Event) async throws -> JobResponse {
        let identity = try context.requireIdentity()
        let id = try Self.jobID(context)
        _ = try await service.job(id, visibleTo: identity)
        let job = try await service.apply(event, to: id, reason: "\(action) by \(identity.user.username)")
        return JobResponse(job: JobDTO(job, stages: service.stages))
    }

    @Sendable func move(_ request: Request, context: SpoolRequestContext) async throws -> JobResponse {
        let id = try Self.jobID(context)
        _ = try await service.job(id, visibleTo: try context.requireIdentity())
        let body = try await request.decodeJSON(MoveJobRequest.self, limit: maxBodyBytes)
        return JobResponse(job: JobDTO(try await service.move(id, body.to), stages: service.stages))
    }

    @Sendable func delete(_ request: Request, context: SpoolRequestContext) async throws -> HTTPResponse.Status {
        let id = try Self.jobID(context)
        let deleteFiles = try QueryParameters(request).bool("deleteFiles", default: false)
        _ = try await service.job(id, visibleTo: try context.requireIdentity())
        try await service.delete(id, deleteFiles: deleteFiles)
        context.logger.info("job deleted", metadata: ["job.id": .string(id.rawValue), "job.delete_files": .stringConvertible(deleteFiles)])
        return .noContent
    }

    /// The `:id` parameter; ids Spool never issues are `404` without a lookup.
    static func jobID(_ context: SpoolRequestContext) throws -> JobID {
        let raw = try context.parameters.require("id")
        let id = JobID(raw.lowercased())
        guard id.isWellFormed else { throw SpoolError(.notFound, "no job has the id '\(raw.prefix(40))'") }
        return id
    }

    /// `?status=&search=&tag=&limit=&offset=&sort=&order=`.
    static func jobQuery(_ query: QueryParameters) throws -> JobQuery {
        let states = try query.list("status", maxItems: 2 * JobState.allCases.count).map { raw in
            guard let state = JobState(rawValue: raw) else {
                throw SpoolError(.invalidInput, "status must be a list of \(JobState.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            return state
        }
        let descending: Bool
        switch try query.nonEmpty("order", maxLength: 4) {
        case nil, "asc": descending = false
        case "desc": descending = true
        default: throw SpoolError(.invalidInput, "order must be asc or desc")
        }
        let idPrefix = try query.string("idPrefix", maxLength: 36)
        if let idPrefix, !idPrefix.utf8.allSatisfy({ (0x30...0x39).contains($0) || (0x61...0x66).contains($0) || (0x41...0x46).contains($0) || $0 == 0x2D }) {
            throw SpoolError(.invalidInput, "idPrefix may contain only hexadecimal digits and '-'")
        }
        return JobQuery(
            states: Set(states),
            search: try query.string("search"),
            tag: try query.string("tag", maxLength: InputLimits.maxTagLength),
            idPrefix: idPrefix,
            limit: try query.int("limit", default: 50, in: 1...500),
            offset: try query.int("offset", default: 0, in: 0...1_000_000_000),
            sort: try query.value("sort", default: JobQuery.Sort.queue),
            descending: descending
        )
    }

    /// `?limit=&offset=&level=&type=`.
    static func eventQuery(_ query: QueryParameters) throws -> EventQuery {
        let types = try query.list("type", maxItems: 2 * EventType.allCases.count).map { raw in
            guard let type = EventType(rawValue: raw) else {
                throw SpoolError(.invalidInput, "type must be a list of \(EventType.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            return type
        }
        let level: LogLevel? = try query.nonEmpty("level", maxLength: 16).map { raw in
            guard let level = LogLevel(rawValue: raw) else {
                throw SpoolError(.invalidInput, "level must be one of \(LogLevel.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            return level
        }
        return EventQuery(
            types: Set(types),
            minLevel: level,
            limit: try query.int("limit", default: 100, in: 1...500),
            offset: try query.int("offset", default: 0, in: 0...1_000_000_000)
        )
    }
}
