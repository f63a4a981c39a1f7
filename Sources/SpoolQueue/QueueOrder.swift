/// Ordering rules shared by every driver.
public enum QueueOrder {
    /// Forced first, then higher priority, then lower position, then key.
    public static func claimOrder(_ lhs: QueueEntry, _ rhs: QueueEntry) -> Bool {
        if lhs.forced != rhs.forced { return lhs.forced }
        if lhs.priority != rhs.priority { return lhs.priority > rhs.priority }
        if lhs.position != rhs.position { return lhs.position < rhs.position }
        return lhs.key < rhs.key
    }

    /// New positions for a move among `pending` (already in claim order).
    public struct MovePlan: Sendable {
        /// Positions to write.
        public var assignments: [(TaskKey, Int64)]
        /// The moved entry's new position.
        public var newPosition: Int64
    }

    /// Plans a move: top/bottom go before the lowest / after the highest position of the queue;
    /// up/down swap positions with the neighbour in claim order.
    /// Returns nil when the key is not pending in the list.
    public static func plan(_ move: EntryMove, of key: TaskKey, in pending: [QueueEntry]) -> MovePlan? {
        guard let index = pending.firstIndex(where: { $0.key == key }) else { return nil }
        let entry = pending[index]
        switch move {
        case .top:
            // Positions are global; the priority class still sorts first (Transmission's rule).
            let others = pending.filter { $0.key != key }.map(\.position)
            guard let lowest = others.min(), lowest <= entry.position else {
                return MovePlan(assignments: [], newPosition: entry.position)
            }
            return MovePlan(assignments: [(key, lowest - 1)], newPosition: lowest - 1)
        case .bottom:
            let others = pending.filter { $0.key != key }.map(\.position)
            guard let highest = others.max(), highest >= entry.position else {
                return MovePlan(assignments: [], newPosition: entry.position)
            }
            return MovePlan(assignments: [(key, highest + 1)], newPosition: highest + 1)
        case .up, .down:
            // Swap with the neighbour in the same priority class; across classes nothing would change.
            let sameClass = pending.filter { $0.priority == entry.priority }
            guard let classIndex = sameClass.firstIndex(where: { $0.key == key }) else { return nil }
            let neighbourIndex = move == .up ? classIndex - 1 : classIndex + 1
            guard sameClass.indices.contains(neighbourIndex) else {
                return MovePlan(assignments: [], newPosition: entry.position)
            }
            let neighbour = sameClass[neighbourIndex]
            var mine = neighbour.position
            var theirs = entry.position
            if mine == theirs {
                mine += move == .up ? -1 : 1
                theirs = entry.position
            }
            return MovePlan(assignments: [(key, mine), (neighbour.key, theirs)], newPosition: mine)
        }
    }
}

extension Duration {
    /// Seconds as a `Double`.
    public var timeInterval: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}
