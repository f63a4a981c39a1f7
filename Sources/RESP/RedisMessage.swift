import NIOCore

/// One pub/sub message.
public struct RedisMessage: Sendable, Hashable {
    /// The channel it was published to.
    public var channel: String
    /// The pattern that matched, for `PSUBSCRIBE` subscriptions.
    public var pattern: String?
    /// The published bytes.
    public var payload: ByteBuffer

    /// Creates a message.
    public init(channel: String, pattern: String? = nil, payload: ByteBuffer) {
        self.channel = channel
        self.pattern = pattern
        self.payload = payload
    }

    /// The payload as UTF-8 text.
    public var string: String { String(buffer: payload) }

    /// Reads a `message` or `pmessage` push; nil for other pushes (confirmations).
    init?(push items: [RESPValue]) {
        guard let kind = items.first?.string?.lowercased() else { return nil }
        switch kind {
        case "message" where items.count == 3:
            guard let channel = items[1].string, let payload = items[2].bytes else { return nil }
            self.init(channel: channel, payload: payload)
        case "pmessage" where items.count == 4:
            guard let pattern = items[1].string, let channel = items[2].string, let payload = items[3].bytes else { return nil }
            self.init(channel: channel, pattern: pattern, payload: payload)
        default:
            return nil
        }
    }
}

/// Messages of one subscription, in arrival order. Ends after ``RedisSubscription/unsubscribe()``
/// or the subscriber's shutdown; a reconnect does not end it (the subscriber resubscribes).
public struct RedisSubscription: AsyncSequence, Sendable {
    /// A message.
    public typealias Element = RedisMessage

    let id: Int
    let stream: AsyncStream<RedisMessage>
    let subscriber: RedisSubscriber

    /// Iterates the messages.
    public func makeAsyncIterator() -> AsyncStream<RedisMessage>.AsyncIterator {
        stream.makeAsyncIterator()
    }

    /// Unsubscribes from this subscription's channels and patterns (those no other subscription
    /// uses) and ends the sequence.
    public func unsubscribe() async throws(RedisError) {
        try await subscriber.unsubscribe(id: id)
    }
}
