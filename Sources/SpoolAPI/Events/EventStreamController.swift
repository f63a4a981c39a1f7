import Hummingbird
import Logging
import ServiceLifecycle
import SpoolAPIModels
import SpoolCore

/// `GET /api/events`: server-sent events, resumable with `Last-Event-ID` or `?lastEventId=`.
///
/// The stream follows the event log with an ``EventFollower``: subscribe, replay after the
/// client's cursor, follow live, no gap, no duplicate. Live events come encoded once for every
/// stream, and each batch waiting in the stream's outbox is written in one piece. A client too slow
/// for the outbox gets the stream ended and resumes by id.
struct EventStreamController: Sendable {
    let follower: EventFollower
    let heartbeat: Duration
    let retry: Duration
    let metrics: APIMetrics
    /// Told of every connection (see ``APIDependencies/onActivity``).
    let onActivity: @Sendable () -> Void

    /// Registers the route on the authenticated `/api` group.
    func addRoutes(to group: RouterGroup<SpoolRequestContext>) {
        group.get("events", use: stream)
    }

    @Sendable func stream(_ request: Request, context: SpoolRequestContext) async throws -> Response {
        let visibility = JobVisibilityFilter.of(try context.requireIdentity(), store: follower.store)
        onActivity()
        let query = QueryParameters(request)
        let cursor = try request.headers[.lastEventID].map { try QueryParameters.parseEventID($0, name: "Last-Event-ID") }
            ?? query.eventID("lastEventId")
        let ids = try query.list("jobIds").map { raw in
            let id = JobID(raw.lowercased())
            guard id.isWellFormed else { throw SpoolError(.invalidInput, "jobIds must be job ids") }
            return id
        }
        let selection: JobSelection = ids.isEmpty ? .all : .jobs(Set(ids))
        let logger = context.logger
        return Response(
            status: .ok,
            headers: [.contentType: "text/event-stream", .cacheControl: "no-cache", .xAccelBuffering: "no"],
            body: ResponseBody { writer in
                try await self.run(request: request, cursor: cursor, selection: selection, visibility: visibility, writer: &writer, logger: logger)
            }
        )
    }

    private func run(
        request: Request, cursor: Int64?, selection: JobSelection, visibility: JobVisibilityFilter?, writer: inout any ResponseBodyWriter, logger: Logger
    ) async throws {
        metrics.sseConnections.increment()
        defer { metrics.sseConnections.decrement() }
        let outbox = follower.subscribe(selection)
        try await withGracefulShutdownHandler {
            try await request.body.consumeWithInboundCloseHandler { _ in
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask { await self.beat(outbox) }
                    defer { group.cancelAll() }
                    try await writer.write(ByteBuffer(string: ServerSentEvent.retry(retry)))
                    let end = try await follower.follow(outbox, after: cursor, visibility: visibility) {
                        try await writer.write(ByteBuffer(string: ServerSentEvent.comment("heartbeat")))
                    } deliver: { events in
                        try await writer.write(ServerSentEvent.events(events))
                    }
                    if end == .overflowed {
                        logger.notice("SSE client too slow; stream ended")
                        try await writer.write(ByteBuffer(string: ServerSentEvent.comment("too slow: reconnect with Last-Event-ID to resume")))
                    }
                }
            } onInboundClosed: {
                outbox.finish()
            }
        } onGracefulShutdown: {
            outbox.finish()
        }
        try await writer.finish(nil)
    }

    /// Wakes the stream every `heartbeat` until cancelled.
    private func beat(_ outbox: EventOutbox) async {
        while true {
            do {
                try await Task.sleep(for: heartbeat)
            } catch {
                return
            }
            outbox.pushHeartbeat()
        }
    }
}
