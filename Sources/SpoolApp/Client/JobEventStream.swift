import AsyncHTTPClient
import Foundation
import NIOCore
import SpoolCore

/// Live job events from `GET /api/events` (server-sent events), resumed without gaps after a disconnect.
///
/// Iterating opens the stream; when it drops, the iterator reconnects with `Last-Event-ID` so that the
/// server replays the durable events missed meanwhile (progress events are ephemeral and may be lost).
/// The first connection failing is an error; later failures are retried with backoff until
/// ``Reconnect-swift.struct/maxAttempts`` consecutive attempts failed. Events of unknown types are skipped.
/// The resume point is the highest durable event id seen: `id:` lines, the ids progress envelopes carry,
/// and whatever the caller passes to ``Iterator/resume(after:)`` after reading a snapshot.
public struct JobEventStream: AsyncSequence, Sendable {
    /// Each element is one event envelope.
    public typealias Element = JobEvent

    /// How the stream reconnects.
    public struct Reconnect: Sendable {
        /// Delay before the first reconnection attempt (a server `retry:` overrides it).
        public var initialDelay: Duration
        /// Longest delay between attempts.
        public var maxDelay: Duration
        /// Consecutive failed attempts before giving up.
        public var maxAttempts: Int

        /// Creates a policy; the defaults give up after about a minute of failures.
        public init(initialDelay: Duration = .milliseconds(250), maxDelay: Duration = .seconds(5), maxAttempts: Int = 15) {
            self.initialDelay = initialDelay
            self.maxDelay = maxDelay
            self.maxAttempts = maxAttempts
        }
    }

    let client: SpoolClient
    let jobIDs: [String]?
    let lastEventID: Int64?
    let reconnect: Reconnect

    /// Starts iteration; nothing is sent before the first `next()`.
    public func makeAsyncIterator() -> Iterator {
        Iterator(stream: self)
    }

    /// What the lower-level ``Iterator/nextItem()`` yields.
    public enum Item: Sendable {
        /// An event.
        case event(JobEvent)
        /// The stream was opened again after a drop; `resumed` tells whether the server was asked to
        /// replay what was missed (false when no event id was known yet: the caller should re-read state).
        case reconnected(resumed: Bool)
    }

    /// Reads frames, decodes envelopes and reconnects as needed.
    public struct Iterator: AsyncIteratorProtocol {
        private let stream: JobEventStream
        private let decoder = ClientJSON.makeDecoder()
        private var body: HTTPClientResponse.Body.AsyncIterator?
        private var parser = ServerSentEventParser()
        private var pending: [ServerSentEvent] = []
        private var failures = 0
        private var dropped = false
        /// The durable event id the stream resumes after on reconnect (`Last-Event-ID`).
        public private(set) var lastEventID: Int64?
        /// Connections opened so far (1 after the first `next()`; more after reconnects).
        public private(set) var connections = 0

        init(stream: JobEventStream) {
            self.stream = stream
            self.lastEventID = stream.lastEventID
        }

        /// Opens the connection now, if it is not open yet, so that a snapshot taken afterwards misses no event.
        ///
        /// - Throws: ``ClientError`` when the server cannot be reached or refuses the stream.
        public mutating func connect() async throws {
            guard body == nil else { return }
            body = try await open()
            connections += 1
        }

        /// Raises the resume point: durable events up to `id` are known to the caller (e.g. from a snapshot).
        public mutating func resume(after id: Int64?) {
            guard let id else { return }
            lastEventID = Swift.max(lastEventID ?? id, id)
        }

        /// The next event, waiting for it; the stream never ends by itself (it throws or is cancelled).
        public mutating func next() async throws -> JobEvent? {
            while let item = try await nextItem() {
                if case .event(let event) = item { return event }
            }
            return nil
        }

        /// The next event or reconnection notice.
        public mutating func nextItem() async throws -> Item? {
            while true {
                try Task.checkCancellation()
                if !pending.isEmpty {
                    let frame = pending.removeFirst()
                    // A durable event's `id:` counts even when its type is unknown here and it is skipped.
                    let frameID = frame.id.flatMap(Int64.init)
                    if let frameID { resume(after: frameID) }
                    guard let event = try? decoder.decode(JobEvent.self, from: Data(frame.data.utf8)) else { continue }
                    // Progress events carry the id of the durable event they follow.
                    if frameID == nil, event.id > 0 { resume(after: event.id) }
                    return .event(event)
                }
                guard var iterator = body else {
                    let resumed = lastEventID != nil
                    do {
                        try await connect()
                    } catch let error as ClientError where error.kind != .server || connections == 0 {
                        throw error
                    } catch {
                        try await failed(error)
                        continue
                    }
                    if dropped {
                        dropped = false
                        return .reconnected(resumed: resumed)
                    }
                    continue
                }
                do {
                    guard let chunk = try await iterator.next() else {
                        throw ClientError(.server, "the server closed the event stream")
                    }
                    body = iterator
                    pending = parser.feed(chunk.readableBytesView)
                    failures = 0
                } catch {
                    if Task.isCancelled || error is CancellationError { throw CancellationError() }
                    body = nil
                    dropped = true
                    parser.reset()
                    try await failed(error)
                }
            }
        }

        /// Counts a failure, gives up after too many, else waits before the next attempt.
        private mutating func failed(_ error: any Error) async throws {
            failures += 1
            guard failures <= stream.reconnect.maxAttempts else {
                throw (error as? ClientError) ?? stream.client.transportError(error)
            }
            // Exponential backoff, capped; never sooner than the server's `retry:` asks.
            let backoff = Swift.min(stream.reconnect.initialDelay * (1 << Swift.min(failures - 1, 16)), stream.reconnect.maxDelay)
            try await Task.sleep(for: Swift.max(backoff, .milliseconds(parser.retry ?? 0)))
        }

        /// Opens `GET /api/events` and checks the answer.
        private func open() async throws -> HTTPClientResponse.Body.AsyncIterator {
            let client = stream.client
            var query: [(String, String)] = []
            if let ids = stream.jobIDs, !ids.isEmpty { query.append(("jobIds", ids.joined(separator: ","))) }
            var request = HTTPClientRequest(url: client.serverURL + "/api/events" + SpoolClient.queryString(query))
            request.headers.add(name: "Accept", value: "text/event-stream")
            request.headers.add(name: "Cache-Control", value: "no-cache")
            request.headers.add(name: "User-Agent", value: "spool-cli")
            if let token = client.token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
            if let lastEventID { request.headers.add(name: "Last-Event-ID", value: String(lastEventID)) }
            let response: HTTPClientResponse
            do {
                response = try await client.httpClient.execute(request, timeout: TimeAmount(client.configuration.requestTimeout))
            } catch {
                if Task.isCancelled || error is CancellationError { throw CancellationError() }
                throw client.transportError(error)
            }
            guard response.status.code == 200 else {
                let buffer = try? await response.body.collect(upTo: 1 << 20)
                throw client.failure(status: Int(response.status.code), body: buffer.map { Data($0.readableBytesView) } ?? Data(), authenticated: true)
            }
            return response.body.makeAsyncIterator()
        }
    }
}

extension SpoolClient {
    /// Live events from `GET /api/events`.
    ///
    /// - Parameters:
    ///   - jobIDs: Only these jobs' events (full ids); nil for every job.
    ///   - lastEventID: Replay durable events after this id first (no gaps, no duplicates).
    ///   - reconnect: Reconnection policy.
    public func events(jobIDs: [String]? = nil, after lastEventID: Int64? = nil, reconnect: JobEventStream.Reconnect = .init()) -> JobEventStream {
        JobEventStream(client: self, jobIDs: jobIDs, lastEventID: lastEventID, reconnect: reconnect)
    }
}
