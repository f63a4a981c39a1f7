import SpoolCore
import SpoolQueue
import Testing

@Suite("QueueOrder")
struct QueueOrderTests {
    let queue = QueueName(rawValue: "q:download")

    func entry(_ name: String, priority: JobPriority = .normal, position: Int64, forced: Bool = false) -> QueueEntry {
        QueueEntry(queue: queue, key: TaskKey(name), priority: priority.rank, position: position, forced: forced)
    }

    /// Applies a plan and returns the names in claim order.
    func apply(_ plan: QueueOrder.MovePlan?, to entries: [QueueEntry]) -> [String] {
        var entries = entries
        for (id, position) in plan?.assignments ?? [] {
            if let index = entries.firstIndex(where: { $0.key == id }) { entries[index].position = position }
        }
        return entries.sorted(by: QueueOrder.claimOrder).map(\.key.rawValue)
    }

    @Test("claim order: forced, then priority, then position, then key")
    func claimOrder() {
        let entries = [
            entry("e", priority: .low, position: 1),
            entry("b", priority: .high, position: 9),
            entry("d", position: 2),
            entry("f", priority: .low, position: 0, forced: true),
            entry("c", position: 2),
            entry("a", priority: .high, position: 3),
        ]
        #expect(entries.sorted(by: QueueOrder.claimOrder).map(\.key.rawValue) == ["f", "a", "b", "c", "d", "e"])
    }

    @Test("top and bottom go past the ends", arguments: [(EntryMove.top, ["c", "a", "b", "d"]), (.bottom, ["a", "b", "d", "c"])])
    func topAndBottom(move: EntryMove, expected: [String]) {
        let pending = [entry("a", position: 1), entry("b", position: 2), entry("c", position: 3), entry("d", position: 4)]
        let plan = QueueOrder.plan(move, of: TaskKey("c"), in: pending)
        #expect(apply(plan, to: pending) == expected)
        #expect(plan?.assignments.count == 1)
        #expect(plan?.assignments.first?.1 == plan?.newPosition)
    }

    @Test("up and down swap with the neighbour", arguments: [(EntryMove.up, ["a", "c", "b", "d"]), (.down, ["a", "b", "d", "c"])])
    func upAndDown(move: EntryMove, expected: [String]) {
        let pending = [entry("a", position: 1), entry("b", position: 2), entry("c", position: 3), entry("d", position: 4)]
        let plan = QueueOrder.plan(move, of: TaskKey("c"), in: pending)
        #expect(apply(plan, to: pending) == expected)
    }

    @Test("moves at the ends change nothing")
    func movesAtTheEnds() {
        let pending = [entry("a", position: 1), entry("b", position: 2)]
        for (move, id) in [(EntryMove.top, "a"), (.up, "a"), (.bottom, "b"), (.down, "b")] {
            let plan = QueueOrder.plan(move, of: TaskKey(id), in: pending)
            #expect(apply(plan, to: pending) == ["a", "b"], "\(move) of \(id)")
            #expect(plan?.newPosition == pending.first { $0.key.rawValue == id }?.position)
        }
    }

    @Test("swapping equal positions still moves the entry")
    func equalPositions() {
        let pending = [entry("a", position: 5), entry("b", position: 5), entry("c", position: 5)]
        #expect(apply(QueueOrder.plan(.up, of: TaskKey("b"), in: pending), to: pending) == ["b", "a", "c"])
        #expect(apply(QueueOrder.plan(.down, of: TaskKey("b"), in: pending), to: pending) == ["a", "c", "b"])
    }

    @Test("a key that is not pending has no plan")
    func unknownJob() {
        #expect(QueueOrder.plan(.top, of: TaskKey("x"), in: [entry("a", position: 1)]) == nil)
        #expect(QueueOrder.plan(.top, of: TaskKey("x"), in: []) == nil)
    }

    @Test("top and bottom reorder within the priority class when classes mix")
    func topAndBottomAcrossPriorityClasses() {
        let pending = [entry("h", priority: .high, position: 10), entry("n1", position: 1), entry("n2", position: 2), entry("l", priority: .low, position: 0)]
        #expect(apply(QueueOrder.plan(.top, of: TaskKey("n2"), in: pending), to: pending) == ["h", "n2", "n1", "l"])
        #expect(apply(QueueOrder.plan(.bottom, of: TaskKey("n1"), in: pending), to: pending) == ["h", "n2", "n1", "l"])
    }
}
