import Logging
import NIOCore
import NIOPosix
import Synchronization

/// A small set of connections shared by many tasks.
///
/// `send` and `pipeline` spread commands round-robin over the connections (each one pipelines
/// concurrent commands); `withConnection` lends one connection exclusively, for blocking commands
/// (`XREADGROUP … BLOCK`, `BLPOP`) and `MULTI`/`EXEC`. Connections open on first use; one that
/// closes (the server restarted) is replaced on the next use, retrying with capped, jittered
/// exponential backoff for up to ``RedisConfiguration/connectRetryTimeout``. Call ``shutdown()``
/// when done.
public final class RedisConnectionPool: RedisClient, Sendable {
    /// The configuration every connection uses.
    public let configuration: RedisConfiguration
    /// The most connections open at once.
    public let size: Int

    private let eventLoopGroup: any EventLoopGroup
    private let logger: Logger
    private let state: Mutex<State>

    /// Creates a pool of up to `size` connections (none is opened yet).
    public init(
        configuration: RedisConfiguration,
        size: Int = 4,
        eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        logger: Logger = Logger(label: "resp.pool")
    ) {
        precondition(size > 0, "a pool needs at least one connection")
        self.configuration = configuration
        self.size = size
        self.eventLoopGroup = eventLoopGroup
        self.logger = logger
        self.state = Mutex(State(size: size))
    }

    // MARK: RedisClient

    /// Sends one command on the next connection in turn.
    @discardableResult
    public func send(_ command: RedisCommand, timeout: Duration?) async throws(RedisError) -> RESPValue {
        try await lease(exclusive: false).connection.send(command, timeout: timeout)
    }

    /// Sends one command on the next connection in turn, with the configured timeout.
    @discardableResult
    public func send(_ command: RedisCommand) async throws(RedisError) -> RESPValue {
        try await lease(exclusive: false).connection.send(command)
    }

    /// Writes the batch on one connection in a single write; replies in order.
    public func pipeline(_ commands: [RedisCommand]) async throws(RedisError) -> [Result<RESPValue, RedisError>] {
        try await lease(exclusive: false).connection.pipeline(commands)
    }

    /// Lends one connection to `body` exclusively: no other task's commands run on it meanwhile.
    /// If `body` leaves the connection in a special state (`MULTI` without `EXEC`, `SELECT`), close it.
    public func withConnection<Result>(_ body: (RedisConnection) async throws -> Result) async throws -> Result {
        let (connection, slot) = try await lease(exclusive: true)
        defer { release(slot: slot) }
        return try await body(connection)
    }

    /// Closes every connection; later calls fail with ``RedisError/shutDown``.
    public func shutdown() async {
        let (connections, waiters) = state.withLock { state in
            state.isShutDown = true
            let connections = state.slots.compactMap { slot -> RedisConnection? in
                if case .ready(let connection) = slot.connection { return connection }
                return nil
            }
            let waiters = Array(state.waiters.values)
            state.waiters.removeAll()
            return (connections, waiters)
        }
        for waiter in waiters { waiter.resume(throwing: RedisError.shutDown) }
        for connection in connections { await connection.close() }
    }

    /// How many connections are open now.
    public var openConnectionCount: Int {
        state.withLock { state in
            state.slots.count { slot in
                if case .ready(let connection) = slot.connection { return connection.isActive }
                return false
            }
        }
    }

    // MARK: Leasing

    private struct Slot {
        enum Connection {
            case empty
            case connecting(EventLoopFuture<RedisConnection>)
            case ready(RedisConnection)
        }

        var connection: Connection = .empty
        var leased = false
    }

    private struct State {
        var slots: [Slot]
        var next = 0
        var waiters: [Int: CheckedContinuation<Void, any Error>] = [:]
        var nextWaiterID = 0
        var isShutDown = false

        init(size: Int) {
            slots = Array(repeating: Slot(), count: size)
        }
    }

    private enum Pick {
        case ready(RedisConnection, slot: Int)
        case connect(EventLoopPromise<RedisConnection>, slot: Int)
        case await(EventLoopFuture<RedisConnection>, slot: Int)
        case wait
        case shutDown
    }

    private func lease(exclusive: Bool) async throws(RedisError) -> (connection: RedisConnection, slot: Int) {
        while true {
            let choice = state.withLock { pick(exclusive: exclusive, state: &$0) }
            switch choice {
            case .ready(let connection, let slot):
                return (connection, slot)
            case .connect(let promise, let slot):
                do {
                    let connection = try await connectWithBackoff()
                    promise.succeed(connection)
                    try connected(connection, slot: slot)
                    return (connection, slot)
                } catch {
                    promise.fail(error)
                    failed(slot: slot, exclusive: exclusive)
                    throw error
                }
            case .await(let future, let slot):
                do {
                    return (try await future.get(), slot)
                } catch {
                    if exclusive { release(slot: slot) }
                    throw (error as? RedisError) ?? .connectionClosed
                }
            case .wait:
                try await waitForRelease()
            case .shutDown:
                throw .shutDown
            }
        }
    }

    private func pick(exclusive: Bool, state: inout State) -> Pick {
        guard !state.isShutDown else { return .shutDown }
        let count = state.slots.count
        for offset in 0..<count {
            let index = (state.next + offset) % count
            guard !state.slots[index].leased else { continue }
            state.next = (index + 1) % count
            if exclusive { state.slots[index].leased = true }
            switch state.slots[index].connection {
            case .ready(let connection) where connection.isActive:
                return .ready(connection, slot: index)
            case .connecting(let future):
                return .await(future, slot: index)
            case .ready, .empty:
                let promise = eventLoopGroup.any().makePromise(of: RedisConnection.self)
                state.slots[index].connection = .connecting(promise.futureResult)
                return .connect(promise, slot: index)
            }
        }
        return .wait
    }

    private func connected(_ connection: RedisConnection, slot: Int) throws(RedisError) {
        let isShutDown = state.withLock { state in
            state.slots[slot].connection = .ready(connection)
            return state.isShutDown
        }
        if isShutDown {
            connection.channel.close(promise: nil)
            throw .shutDown
        }
        connection.closeFuture.whenComplete { [self] _ in
            logger.debug("Redis connection closed", metadata: ["redis.address": "\(configuration.address)", "redis.slot": "\(slot)"])
            state.withLock { state in
                if case .ready(let current) = state.slots[slot].connection, current === connection {
                    state.slots[slot].connection = .empty
                }
            }
        }
    }

    private func failed(slot: Int, exclusive: Bool) {
        state.withLock { state in
            state.slots[slot].connection = .empty
        }
        if exclusive { release(slot: slot) }
    }

    private func release(slot: Int) {
        let waiters = state.withLock { state in
            state.slots[slot].leased = false
            let waiters = Array(state.waiters.values)
            state.waiters.removeAll()
            return waiters
        }
        for waiter in waiters { waiter.resume() }
    }

    private func waitForRelease() async throws(RedisError) {
        let id = state.withLock { state in
            defer { state.nextWaiterID += 1 }
            return state.nextWaiterID
        }
        do {
            try await withTaskCancellationHandler {
                try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                    let resumeNow = state.withLock { state in
                        if state.isShutDown || Task.isCancelled { return true }
                        state.waiters[id] = continuation
                        return false
                    }
                    if resumeNow { continuation.resume(throwing: RedisError.shutDown) }
                }
            } onCancel: {
                let waiter = state.withLock { $0.waiters.removeValue(forKey: id) }
                waiter?.resume(throwing: CancellationError())
            }
        } catch let error as RedisError {
            throw error
        } catch {
            throw .cancelled
        }
    }

    // MARK: Connecting

    private func connectWithBackoff() async throws(RedisError) -> RedisConnection {
        let clock = ContinuousClock()
        let deadline = clock.now + configuration.connectRetryTimeout
        var attempt = 0
        while true {
            do {
                return try await RedisConnection.connect(configuration: configuration, eventLoop: eventLoopGroup.next(), logger: logger)
            } catch {
                switch error {
                case .connectFailed, .connectionClosed, .timeout:
                    break
                default:
                    throw error
                }
                attempt += 1
                let delay = configuration.backoff.delay(attempt: attempt)
                guard clock.now + delay < deadline else { throw error }
                logger.debug("Redis unreachable; retrying", metadata: [
                    "redis.address": "\(configuration.address)", "redis.attempt": "\(attempt)", "error": "\(error)",
                ])
                do {
                    try await Task.sleep(for: delay)
                } catch {
                    throw .cancelled
                }
            }
        }
    }
}
