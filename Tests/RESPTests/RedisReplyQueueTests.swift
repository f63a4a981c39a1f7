import NIOCore
import Testing
@testable import RESP

@Suite("Reply queue state machine")
struct RedisReplyQueueTests {
    typealias Queue = RedisReplyQueue<Int>
    let start = NIODeadline.uptimeNanoseconds(1_000_000_000)

    @Test("replies complete requests in order; a batch collects its replies")
    func order() {
        var queue = Queue()
        _ = queue.enqueue(1, expecting: .single, commandName: "GET", timeout: nil, now: start)
        _ = queue.enqueue(2, expecting: .batch(count: 2), commandName: "pipeline", timeout: nil, now: start)
        guard case .complete(.reply(1, .bulk("a"))) = queue.receive(.bulk("a")) else { Issue.record("1 first"); return }
        guard case .complete(nil) = queue.receive(.integer(1)) else { Issue.record("batch waits"); return }
        guard case .complete(.batch(2, let values)) = queue.receive(.error("ERR no")) else { Issue.record("batch done"); return }
        #expect(values == [.integer(1), .error("ERR no")])
        #expect(queue.count == 0)
        guard case .unexpected = queue.receive(.simpleString("OK")) else { Issue.record("nothing asked"); return }
    }

    @Test("an empty batch completes at once")
    func emptyBatch() {
        var queue = Queue()
        let (immediate, deadline) = queue.enqueue(7, expecting: .batch(count: 0), commandName: "pipeline", timeout: .seconds(1), now: start)
        guard case .batch(7, let values)? = immediate else { Issue.record("immediate"); return }
        #expect(values.isEmpty && deadline == nil && queue.count == 0)
    }

    @Test("a timed-out request fails, becomes a tombstone, and its late reply is dropped")
    func tombstone() {
        var queue = Queue()
        let (_, first) = queue.enqueue(1, expecting: .single, commandName: "BLPOP", timeout: .milliseconds(100), now: start)
        #expect(first == start + .milliseconds(100))
        let (_, later) = queue.enqueue(2, expecting: .single, commandName: "GET", timeout: .seconds(5), now: start)
        #expect(later == nil, "the armed timer is earlier")
        let (expired, next) = queue.expire(now: start + .milliseconds(150))
        guard case .failed(1, .timeout(let command, let seconds))? = expired.first else { Issue.record("expired"); return }
        #expect(command == "BLPOP" && seconds == 0.1 && expired.count == 1)
        #expect(next == start + .seconds(5))
        guard case .complete(nil) = queue.receive(.null) else { Issue.record("late reply dropped"); return }
        guard case .complete(.reply(2, .bulk("v"))) = queue.receive(.bulk("v")) else { Issue.record("next meets its own"); return }
    }

    @Test("a timed-out batch swallows all its late replies")
    func batchTombstone() {
        var queue = Queue()
        _ = queue.enqueue(1, expecting: .batch(count: 3), commandName: "pipeline", timeout: .milliseconds(10), now: start)
        _ = queue.enqueue(2, expecting: .single, commandName: "PING", timeout: nil, now: start)
        _ = queue.receive(.integer(1))
        #expect(queue.expire(now: start + .seconds(1)).expired.count == 1)
        _ = queue.receive(.integer(2))
        guard case .complete(nil) = queue.receive(.integer(3)) else { Issue.record("swallowed"); return }
        guard case .complete(.reply(2, .simpleString("PONG"))) = queue.receive(.simpleString("PONG")) else { Issue.record("PING"); return }
    }

    @Test("confirmations count pushes of their kind; messages in between pass through")
    func confirmations() {
        var queue = Queue()
        _ = queue.enqueue(1, expecting: .confirmations(kind: "subscribe", count: 2), commandName: "SUBSCRIBE", timeout: nil, now: start)
        guard case .push(_, nil) = queue.receive(.push([.bulk("subscribe"), .bulk("a"), .integer(1)])) else { Issue.record("first"); return }
        guard case .push(let message, nil) = queue.receive(.push([.bulk("message"), .bulk("a"), .bulk("hi")])) else { Issue.record("message"); return }
        #expect(message.count == 3)
        guard case .push(_, .confirmed(1)?) = queue.receive(.push([.bulk("subscribe"), .bulk("b"), .integer(2)])) else { Issue.record("second"); return }
        #expect(queue.count == 0)
    }

    @Test("an error reply fails a confirmation request")
    func confirmationError() {
        var queue = Queue()
        _ = queue.enqueue(1, expecting: .confirmations(kind: "subscribe", count: 1), commandName: "SUBSCRIBE", timeout: nil, now: start)
        guard case .complete(.failed(1, .server(let code, _))?) = queue.receive(.error("NOPERM no access")) else { Issue.record("fail"); return }
        #expect(code == "NOPERM")
    }

    @Test("RESP2 subscriber mode turns pub/sub arrays into pushes, other arrays stay replies")
    func resp2PubSub() {
        var queue = Queue()
        queue.resp2PubSub = true
        _ = queue.enqueue(1, expecting: .single, commandName: "PING", timeout: nil, now: start)
        guard case .push = queue.receive(.array([.bulk("message"), .bulk("a"), .bulk("x")])) else { Issue.record("push"); return }
        guard case .complete(.reply(1, _)) = queue.receive(.array([.bulk("pong"), .bulk("")])) else { Issue.record("pong"); return }
    }

    @Test("failAll fails waiting requests but not tombstones")
    func failAll() {
        var queue = Queue()
        _ = queue.enqueue(1, expecting: .single, commandName: "A", timeout: .milliseconds(1), now: start)
        _ = queue.enqueue(2, expecting: .single, commandName: "B", timeout: nil, now: start)
        _ = queue.expire(now: start + .seconds(1))
        let failed = queue.failAll(.connectionClosed)
        #expect(failed.count == 1)
        guard case .failed(2, .connectionClosed)? = failed.first else { Issue.record("B fails"); return }
        #expect(queue.count == 0)
    }
}
