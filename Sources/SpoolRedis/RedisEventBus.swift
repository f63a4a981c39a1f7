import Logging
import RESP
import SpoolCore

/// The distributed ``EventBus``: every process publishes to Redis and delivers to its own
/// subscribers only what comes back from Redis, so each local subscriber (a WebSocket or SSE
/// client on a gateway) sees every event from every process — its own included — once.
///
/// Channels are the seed's (``EventType/channel``): `events:state` (state changes, `job_added`,
/// `job_removed`, notifications), `events:log`, `events:error` and `events:progress`, under an
/// optional prefix. Payloads are ``RedisEventCodec``'s JSON envelope.
///
/// Durable events were stored (``JobStore``) before they are published here: an event lost while
/// Redis is unreachable is read back from the store by id. Progress is fire-and-forget; a failed
/// publish is only logged. One ``RedisSubscriber`` connection per process feeds a local
/// ``EventHub`` (coalescing, overflow); it resubscribes by itself after a reconnect.
///
/// ```swift
/// let bus = RedisEventBus(client: pool, subscriber: subscriber)
/// // run `subscriber.run()` and `bus.run()` as services
/// for await event in bus.subscribe() { … }
/// ```
public final class RedisEventBus: EventBus {
    /// Channel settings.
    public struct Configuration: Sendable {
        /// Put before each seed channel name (empty: exactly `events:progress`, …).
        public var channelPrefix: String
        /// Most durable events a local subscription holds for a slow reader.
        public var capacity: Int

        /// Creates a configuration.
        public init(channelPrefix: String = "", capacity: Int = 10_000) {
            self.channelPrefix = channelPrefix
            self.capacity = capacity
        }
    }

    private let client: any RedisClient
    private let subscriber: RedisSubscriber
    private let configuration: Configuration
    private let hub: EventHub
    private let ready = ReadyGate()
    private let logger: Logger

    /// Creates a bus; nothing reaches local subscribers until ``run()`` listens.
    public init(client: any RedisClient, subscriber: RedisSubscriber, configuration: Configuration = .init(), logger: Logger = Logger(label: "spool.redis.events")) {
        self.client = client
        self.subscriber = subscriber
        self.configuration = configuration
        self.hub = EventHub(capacity: configuration.capacity)
        self.logger = logger
    }

    /// Every channel the bus uses.
    public var channels: [String] {
        Array(Set(EventType.allCases.map { configuration.channelPrefix + $0.channel })).sorted()
    }

    /// Publishes `event` on its channel; failures are logged, never thrown.
    public func publish(_ event: JobEvent) async {
        let channel = configuration.channelPrefix + event.type.channel
        do {
            try await client.publish(try RedisEventCodec.encode(event), to: channel)
        } catch {
            let level: Logger.Level = event.type.isDurable ? .warning : .debug
            logger.log(level: level, "event not published", metadata: [
                "job.id": "\(event.jobId?.rawValue ?? "-")", "event.type": "\(event.type.rawValue)", "error": "\(error)",
            ])
        }
    }

    /// A new local subscription (see ``EventSubscription``).
    public func subscribe() -> EventSubscription {
        hub.subscribe()
    }

    /// Changes with every event received from Redis.
    public var changeVersion: UInt64? { hub.changeVersion }

    /// Number of local subscriptions.
    public var subscriberCount: Int { hub.subscriberCount }

    /// Subscribes to the channels and hands what arrives to local subscribers, until cancelled or
    /// the subscriber shuts down; then ends every local subscription.
    public func run() async throws {
        defer { hub.finishAll() }
        let subscription = try await subscriber.subscribe(to: channels)
        ready.open()
        for await message in subscription {
            do {
                hub.publishNow(try RedisEventCodec.decode(message.string))
            } catch {
                logger.warning("skipped a message that is not an event", metadata: ["redis.channel": "\(message.channel)", "error": "\(error)"])
            }
        }
    }

    /// Returns once ``run()`` listens.
    public func waitUntilListening() async {
        await ready.wait()
    }
}
