import Foundation
import SpoolQueue
import Testing

@Suite("QueueTask")
struct QueueTaskTests {
    struct Sync: QueueTask, Equatable {
        static let queue = QueueName(rawValue: "q:sync")
        var sourceID: Int
        var key: TaskKey { TaskKey("source:\(sourceID)") }
    }

    @Test("a task's request goes to its queue under its key, the task as JSON payload")
    func request() throws {
        let request = try Sync(sourceID: 42).request(notBefore: Date(timeIntervalSince1970: 5))
        #expect(request.queue == Sync.queue)
        #expect(request.key == "source:42")
        #expect(request.payload.map { String(decoding: $0, as: UTF8.self) } == #"{"sourceID":42}"#)
        #expect(request.priority == EnqueueRequest.normalPriority && request.position == nil && !request.forced)
        #expect(request.notBefore == Date(timeIntervalSince1970: 5))
    }

    @Test("an entry of another queue, or with a payload of another shape, is not the task")
    func invalidPayloads() throws {
        let payload = try #require(try Sync(sourceID: 1).request().payload)
        let elsewhere = QueueEntry(queue: QueueName(rawValue: "q:other"), key: "source:1", payload: payload, priority: 1, position: 1)
        #expect(throws: QueueError(.invalidPayload, "entry source:1 in q:other is not a Sync (those go to q:sync)")) { try Sync(entry: elsewhere) }
        let garbled = QueueEntry(queue: Sync.queue, key: "source:1", payload: Data("[1]".utf8), priority: 1, position: 1)
        let error = #expect(throws: QueueError.self) { try Sync(entry: garbled) }
        #expect(error?.code == .invalidPayload)
        #expect(try Sync(entry: QueueEntry(queue: Sync.queue, key: "source:1", payload: payload, priority: 1, position: 1)) == Sync(sourceID: 1))
    }
}
