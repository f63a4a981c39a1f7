import Logging
import NIOCore
import NIOPosix
import Synchronization

/// Pub/sub on its own connection: `SUBSCRIBE`/`PSUBSCRIBE` with messages as an AsyncSequence.
///
/// ``run()`` owns the connection: it connects, resubscribes to everything after a reconnect (with
/// capped, jittered exponential backoff), and returns on ``shutdown()`` or cancellation.
/// ``withSubscriber(configuration:eventLoopGroup:logger:_:)`` runs it for the length of a closure:
///
/// ```swift
/// try await RedisSubscriber.withSubscriber(configuration: configuration) { subscriber in
///     let subscription = try await subscriber.subscribe(to: ["events:progress"])
///     for await message in subscription { print(message.channel, message.string) }
/// }
/// ```
/// Messages published while the connection is down are lost (pub/sub does not store them).
public final class RedisSubscriber: Sendable {
    /// The connection's configuration.
    public let configuration: RedisConfiguration

    private let eventLoopGroup: any EventLoopGroup
    private let logger: Logger
    private let state = Mutex(State())

    private struct Subscription {
        var channels: [String]
        var patterns: [String]
        var continuation: AsyncStream<RedisMessage>.Continuation
    }

    private struct State {
        var connection: RedisConnection?
        var subscriptions: [Int: Subscription] = [:]
        var channelCounts: [String: Int] = [:]
        var patternCounts: [String: Int] = [:]
        var nextID = 0
        var connectionWaiters: [Int: CheckedContinuation<RedisConnection, any Error>] = [:]
        var isShutDown = false
    }

    /// Creates a subscriber; nothing connects until ``run()``.
    public init(
        configuration: RedisConfiguration,
        eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        logger: Logger = Logger(label: "resp.subscriber")
    ) {
        self.configuration = configuration
        self.eventLoopGroup = eventLoopGroup
        self.logger = logger
    }

    /// Runs a subscriber for the length of `body`, then shuts it down.
    public static func withSubscriber<Result: Sendable>(
        configuration: RedisConfiguration,
        eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        logger: Logger = Logger(label: "resp.subscriber"),
        _ body: (RedisSubscriber) async throws -> Result
    ) async throws -> Result {
        let subscriber = RedisSubscriber(configuration: configuration, eventLoopGroup: eventLoopGroup, logger: logger)
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await subscriber.run() }
            do {
                let result = try await body(subscriber)
                await subscriber.shutdown()
                try await group.waitForAll()
                return result
            } catch {
                await subscriber.shutdown()
                try? await group.waitForAll()
                throw error
            }
        }
    }

    /// Subscribes to `channels` (`SUBSCRIBE`); returns once the server has confirmed.
    public func subscribe(to channels: [String]) async throws(RedisError) -> RedisSubscription {
        try await subscribe(channels: channels, patterns: [])
    }

    /// Subscribes to glob `patterns` (`PSUBSCRIBE`, e.g. `events:*`); returns once confirmed.
    public func subscribe(toPatterns patterns: [String]) async throws(RedisError) -> RedisSubscription {
        try await subscribe(channels: [], patterns: patterns)
    }

    /// Keeps the connection open and the subscriptions in place until ``shutdown()`` or cancellation.
    public func run() async {
        var attempt = 0
        while !state.withLock({ $0.isShutDown }), !Task.isCancelled {
            do {
                let connection = try await RedisConnection.connect(
                    configuration: configuration, eventLoop: eventLoopGroup.next(), logger: logger,
                    onPush: { [self] push in deliver(push) }
                )
                attempt = 0
                try await serve(connection)
            } catch {
                attempt += 1
                let delay = configuration.backoff.delay(attempt: attempt)
                logger.debug("Redis subscriber disconnected; retrying", metadata: [
                    "redis.address": "\(configuration.address)", "redis.attempt": "\(attempt)", "error": "\(error)",
                ])
                try? await Task.sleep(for: delay)
            }
        }
        await shutdown()
    }

    /// Ends every subscription and closes the connection; ``run()`` returns.
    public func shutdown() async {
        let (connection, subscriptions, waiters) = state.withLock { state in
            state.isShutDown = true
            let subscriptions = Array(state.subscriptions.values)
            let waiters = Array(state.connectionWaiters.values)
            state.subscriptions.removeAll()
            state.channelCounts.removeAll()
            state.patternCounts.removeAll()
            state.connectionWaiters.removeAll()
            return (state.connection, subscriptions, waiters)
        }
        for subscription in subscriptions { subscription.continuation.finish() }
        for waiter in waiters { waiter.resume(throwing: RedisError.shutDown) }
        await connection?.close()
    }

    // MARK: Connection

    /// Resubscribes on a fresh connection, then waits for it to close.
    private func serve(_ connection: RedisConnection) async throws {
        let (channels, patterns, waiters, isShutDown) = state.withLock { state in
            state.connection = connection
            let waiters = Array(state.connectionWaiters.values)
            state.connectionWaiters.removeAll()
            return (Array(state.channelCounts.keys), Array(state.patternCounts.keys), waiters, state.isShutDown)
        }
        guard !isShutDown else {
            await connection.close()
            return
        }
        defer {
            state.withLock { state in
                if state.connection === connection { state.connection = nil }
            }
        }
        do {
            if !channels.isEmpty {
                try await connection.sendConfirmed(RedisCommand("SUBSCRIBE", channels), kind: "subscribe", count: channels.count)
            }
            if !patterns.isEmpty {
                try await connection.sendConfirmed(RedisCommand("PSUBSCRIBE", patterns), kind: "psubscribe", count: patterns.count)
            }
        } catch {
            await connection.close()
            throw error
        }
        for waiter in waiters { waiter.resume(returning: connection) }
        await withTaskCancellationHandler {
            try? await connection.closeFuture.get()
        } onCancel: {
            connection.channel.close(promise: nil)
        }
    }

    /// The open connection, waiting (up to ``RedisConfiguration/connectRetryTimeout``) while ``run()`` reconnects.
    private func connection() async throws(RedisError) -> RedisConnection {
        let id = state.withLock { state in
            defer { state.nextID += 1 }
            return state.nextID
        }
        let loop = eventLoopGroup.next()
        do {
            return try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<RedisConnection, any Error>) in
                let outcome: Result<RedisConnection, RedisError>? = state.withLock { state in
                    if state.isShutDown { return .failure(.shutDown) }
                    if let connection = state.connection, connection.isActive { return .success(connection) }
                    state.connectionWaiters[id] = continuation
                    return nil
                }
                if let outcome {
                    continuation.resume(with: outcome)
                    return
                }
                let address = configuration.address
                loop.scheduleTask(in: RedisConnection.timeAmount(configuration.connectRetryTimeout) ?? .seconds(10)) { [self] in
                    let waiter = state.withLock { $0.connectionWaiters.removeValue(forKey: id) }
                    waiter?.resume(throwing: RedisError.connectFailed(address: address, reason: "the subscriber is not connected"))
                }
            }
        } catch {
            throw (error as? RedisError) ?? .connectionClosed
        }
    }

    // MARK: Subscriptions

    private func subscribe(channels: [String], patterns: [String]) async throws(RedisError) -> RedisSubscription {
        let connection = try await connection()
        let (stream, continuation) = AsyncStream.makeStream(of: RedisMessage.self, bufferingPolicy: .bufferingNewest(10_000))
        let (id, newChannels, newPatterns) = state.withLock { state in
            let id = state.nextID
            state.nextID += 1
            state.subscriptions[id] = Subscription(channels: channels, patterns: patterns, continuation: continuation)
            let newChannels = Set(channels).filter { state.channelCounts[$0, default: 0] == 0 }
            let newPatterns = Set(patterns).filter { state.patternCounts[$0, default: 0] == 0 }
            for channel in Set(channels) { state.channelCounts[channel, default: 0] += 1 }
            for pattern in Set(patterns) { state.patternCounts[pattern, default: 0] += 1 }
            return (id, Array(newChannels), Array(newPatterns))
        }
        continuation.onTermination = { [weak self] _ in
            self?.release(id: id)
        }
        do {
            if !newChannels.isEmpty {
                try await connection.sendConfirmed(RedisCommand("SUBSCRIBE", newChannels), kind: "subscribe", count: newChannels.count)
            }
            if !newPatterns.isEmpty {
                try await connection.sendConfirmed(RedisCommand("PSUBSCRIBE", newPatterns), kind: "psubscribe", count: newPatterns.count)
            }
        } catch {
            continuation.finish()
            throw error
        }
        return RedisSubscription(id: id, stream: stream, subscriber: self)
    }

    func unsubscribe(id: Int) async throws(RedisError) {
        guard let (subscription, channels, patterns, connection) = remove(id: id) else { return }
        subscription.continuation.finish()
        guard let connection, connection.isActive else { return }
        if !channels.isEmpty {
            try await connection.sendConfirmed(RedisCommand("UNSUBSCRIBE", channels), kind: "unsubscribe", count: channels.count)
        }
        if !patterns.isEmpty {
            try await connection.sendConfirmed(RedisCommand("PUNSUBSCRIBE", patterns), kind: "punsubscribe", count: patterns.count)
        }
    }

    /// The sequence ended (consumer gone): unsubscribe without waiting for the confirmation.
    private func release(id: Int) {
        guard let (_, channels, patterns, connection) = remove(id: id), let connection, connection.isActive else { return }
        for (command, names, kind) in [("UNSUBSCRIBE", channels, "unsubscribe"), ("PUNSUBSCRIBE", patterns, "punsubscribe")] where !names.isEmpty {
            let promise = connection.channel.eventLoop.makePromise(of: Void.self)
            let request = RedisRequest(bytes: RedisCommand(command, names).bytes, reply: .confirmations(kind: kind, count: names.count, promise), commandName: command, timeout: nil)
            connection.channel.writeAndFlush(request, promise: nil)
            promise.futureResult.whenFailure { [logger] error in
                logger.debug("Redis unsubscribe failed", metadata: ["error": "\(error)"])
            }
        }
    }

    /// Forgets a subscription; returns the channels and patterns nobody else uses.
    private func remove(id: Int) -> (Subscription, [String], [String], RedisConnection?)? {
        state.withLock { state in
            guard let subscription = state.subscriptions.removeValue(forKey: id) else { return nil }
            var channels: [String] = []
            var patterns: [String] = []
            for channel in Set(subscription.channels) {
                state.channelCounts[channel, default: 1] -= 1
                if state.channelCounts[channel] == 0 {
                    state.channelCounts[channel] = nil
                    channels.append(channel)
                }
            }
            for pattern in Set(subscription.patterns) {
                state.patternCounts[pattern, default: 1] -= 1
                if state.patternCounts[pattern] == 0 {
                    state.patternCounts[pattern] = nil
                    patterns.append(pattern)
                }
            }
            return (subscription, channels, patterns, state.connection)
        }
    }

    /// Hands a pushed message to every subscription it matches (called on the event loop).
    private func deliver(_ push: RESPValue) {
        guard case .push(let items) = push, let message = RedisMessage(push: items) else { return }
        let continuations = state.withLock { state in
            state.subscriptions.values.compactMap { subscription -> AsyncStream<RedisMessage>.Continuation? in
                if let pattern = message.pattern {
                    return subscription.patterns.contains(pattern) ? subscription.continuation : nil
                }
                return subscription.channels.contains(message.channel) ? subscription.continuation : nil
            }
        }
        for continuation in continuations { continuation.yield(message) }
    }
}
