import NIOCore

/// The pure core of the channel handler: which request a frame answers, when a request has timed
/// out, and what is left to fail when the connection ends. No I/O: each call returns what to do.
///
/// Redis answers a connection's commands in order, so requests wait in FIFO order. A request that
/// times out stays in the queue as a tombstone until its late replies arrive, so the replies that
/// follow still meet their own requests. `Token` is whatever the caller completes (promises in the
/// handler, plain values in tests).
struct RedisReplyQueue<Token> {
    /// What a request expects back.
    enum Expectation: Equatable {
        /// One reply.
        case single
        /// `count` consecutive replies (a pipeline).
        case batch(count: Int)
        /// `count` pub/sub confirmation pushes of `kind` (or one error reply).
        case confirmations(kind: String, count: Int)
    }

    /// How a request ended.
    enum Completion {
        case reply(Token, RESPValue)
        case batch(Token, [RESPValue])
        case confirmed(Token)
        case failed(Token, RedisError)
    }

    /// What to do with a received frame.
    enum ReadAction {
        /// Complete a request (nil: the frame belonged to a tombstone or only advanced a batch).
        case complete(Completion?)
        /// Hand a push (pub/sub message or confirmation) to the push handler; maybe complete a request.
        case push([RESPValue], Completion?)
        /// A reply no request asked for: the stream is out of step, close the connection.
        case unexpected
    }

    private struct Entry {
        var token: Token
        var expectation: Expectation
        var commandName: String
        var deadline: NIODeadline?
        var timeoutSeconds: Double
        var remaining: Int
        var results: [RESPValue] = []
        var timedOut = false
    }

    private var entries = CircularBuffer<Entry>(initialCapacity: 64)
    private var timerDeadline: NIODeadline?

    /// RESP2 subscribers receive messages as plain arrays: with this set, such arrays are pushes.
    var resp2PubSub = false

    /// Requests waiting for replies (tombstones included).
    var count: Int { entries.count }

    /// Adds a request. Returns `.some(completion)` when nothing is expected (an empty batch), and a
    /// deadline to arm the timer for when it is earlier than the armed one.
    mutating func enqueue(
        _ token: Token, expecting expectation: Expectation, commandName: String, timeout: TimeAmount?, now: NIODeadline
    ) -> (immediate: Completion?, armTimer: NIODeadline?) {
        let remaining = switch expectation {
        case .single: 1
        case .batch(let count): count
        case .confirmations(_, let count): count
        }
        if remaining == 0 {
            if case .batch = expectation { return (.batch(token, []), nil) }
            return (.confirmed(token), nil)
        }
        let deadline = timeout.map { now + $0 }
        let seconds = Double(timeout?.nanoseconds ?? 0) / 1e9
        entries.append(Entry(token: token, expectation: expectation, commandName: commandName, deadline: deadline, timeoutSeconds: seconds, remaining: remaining))
        guard let deadline, timerDeadline.map({ deadline < $0 }) ?? true else { return (nil, nil) }
        timerDeadline = deadline
        return (nil, deadline)
    }

    /// Matches a frame to the oldest request.
    mutating func receive(_ value: RESPValue) -> ReadAction {
        if case .push(let items) = value { return .push(items, confirm(items)) }
        if resp2PubSub, case .array(let items?) = value, let kind = items.first?.string?.lowercased(), Self.pubSubKinds.contains(kind) {
            return .push(items, confirm(items))
        }
        guard var head = entries.first else { return .unexpected }
        switch head.expectation {
        case .single:
            entries.removeFirst()
            return .complete(head.timedOut ? nil : .reply(head.token, value))
        case .batch:
            head.remaining -= 1
            if !head.timedOut { head.results.append(value) }
            guard head.remaining == 0 else {
                entries[entries.startIndex] = head
                return .complete(nil)
            }
            entries.removeFirst()
            return .complete(head.timedOut ? nil : .batch(head.token, head.results))
        case .confirmations:
            // Confirmations arrive as pushes; an in-order reply here is the command's error.
            entries.removeFirst()
            guard !head.timedOut else { return .complete(nil) }
            let error = value.errorMessage.map { RedisError(serverReply: $0) } ?? .unexpectedReply(command: head.commandName, reply: "\(value)")
            return .complete(.failed(head.token, error))
        }
    }

    /// Fails the requests whose deadline has passed (they become tombstones); returns them and the
    /// next deadline to arm the timer for.
    mutating func expire(now: NIODeadline) -> (expired: [Completion], nextDeadline: NIODeadline?) {
        timerDeadline = nil
        var expired: [Completion] = []
        var next: NIODeadline?
        for index in entries.indices where !entries[index].timedOut {
            guard let deadline = entries[index].deadline else { continue }
            if deadline <= now {
                entries[index].timedOut = true
                let error = RedisError.timeout(command: entries[index].commandName, seconds: entries[index].timeoutSeconds)
                expired.append(.failed(entries[index].token, error))
            } else {
                next = min(next ?? deadline, deadline)
            }
        }
        timerDeadline = next
        return (expired, next)
    }

    /// Empties the queue; returns the requests still waiting, failed with `error`.
    mutating func failAll(_ error: RedisError) -> [Completion] {
        let waiting = entries.filter { !$0.timedOut }.map { Completion.failed($0.token, error) }
        entries.removeAll()
        timerDeadline = nil
        return waiting
    }

    private static var pubSubKinds: Set<String> { ["message", "pmessage", "subscribe", "psubscribe", "unsubscribe", "punsubscribe"] }

    /// A confirmation push counts toward the oldest request if it waits for that kind.
    private mutating func confirm(_ items: [RESPValue]) -> Completion? {
        guard var head = entries.first, case .confirmations(let kind, _) = head.expectation,
              items.first?.string?.lowercased() == kind else { return nil }
        head.remaining -= 1
        guard head.remaining == 0 else {
            entries[entries.startIndex] = head
            return nil
        }
        entries.removeFirst()
        return head.timedOut ? nil : .confirmed(head.token)
    }
}
