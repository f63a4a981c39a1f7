/// Who fetches which bytes of a segmented download: a pure value with no I/O.
///
/// The missing ranges are cut into one piece per connection at the start. A connection claims a
/// piece, reserves each chunk it received before writing it, and commits it once written. A
/// connection that runs out of pieces steals the back half of the largest piece still being fetched
/// (when that half is at least ``minimumSplit``), so all connections finish at about the same time;
/// the owner of that piece stops where the thief begins.
struct SegmentBoard: Sendable {
    /// A piece being fetched: the next byte to reserve and where the piece ends now.
    struct Piece: Sendable, Hashable {
        var next: Int64
        var end: Int64
        var remaining: Int64 { end - next }
    }

    /// The file's length.
    let length: Int64
    /// The smallest piece worth a request of its own.
    let minimumSplit: Int64
    /// Bytes written to the file.
    private(set) var done: ByteRangeSet
    /// Pieces no connection has claimed yet.
    private var unclaimed: [Range<Int64>]
    /// Pieces being fetched, by claim id.
    private var active: [Int: Piece] = [:]
    private var nextID = 0

    /// Splits what `done` lacks of `0..<length` into about `connections` pieces.
    init(length: Int64, done: ByteRangeSet, connections: Int, minimumSplit: Int64) {
        self.length = length
        self.minimumSplit = max(1, minimumSplit)
        self.done = done
        let gaps = done.gaps(in: 0..<length)
        let missing = gaps.reduce(Int64(0)) { $0 + Int64($1.count) }
        let target = max(self.minimumSplit, (missing + Int64(max(1, connections)) - 1) / Int64(max(1, connections)))
        var pieces: [Range<Int64>] = []
        for gap in gaps {
            var start = gap.lowerBound
            while start < gap.upperBound {
                // A remainder smaller than the minimum joins the piece before it.
                var end = min(gap.upperBound, start + target)
                if gap.upperBound - end < self.minimumSplit { end = gap.upperBound }
                pieces.append(start..<end)
                start = end
            }
        }
        self.unclaimed = pieces
    }

    /// Whether every byte is written.
    var isComplete: Bool { done.count == length }

    /// Bytes written.
    var doneBytes: Int64 { done.count }

    /// Pieces still waiting for a connection.
    var unclaimedCount: Int { unclaimed.count }

    /// A piece for an idle connection: an unclaimed one, else the back half of the largest active
    /// piece; nil when nothing is left worth a request.
    mutating func claim() -> (id: Int, range: Range<Int64>)? {
        let range: Range<Int64>
        if !unclaimed.isEmpty {
            range = unclaimed.removeFirst()
        } else if let (victim, piece) = active.max(by: { $0.value.remaining < $1.value.remaining }), piece.remaining >= 2 * minimumSplit {
            let middle = piece.next + piece.remaining / 2
            active[victim]?.end = middle
            range = middle..<piece.end
        } else {
            return nil
        }
        nextID += 1
        active[nextID] = Piece(next: range.lowerBound, end: range.upperBound)
        return (nextID, range)
    }

    /// Reserves up to `count` bytes of piece `id` for writing; returns the offset and how many of
    /// them the piece still wants (fewer, or none, once a thief took its end).
    mutating func reserve(_ id: Int, _ count: Int64) -> (offset: Int64, count: Int64) {
        guard var piece = active[id] else { return (0, 0) }
        let granted = max(0, min(count, piece.remaining))
        let offset = piece.next
        piece.next += granted
        active[id] = piece
        return (offset, granted)
    }

    /// Records bytes as written.
    mutating func commit(_ range: Range<Int64>) {
        done.insert(range)
    }

    /// Whether piece `id` has nothing left to reserve.
    func isExhausted(_ id: Int) -> Bool {
        (active[id]?.remaining ?? 0) <= 0
    }

    /// Ends piece `id`: what it did not reserve goes back to the unclaimed pieces (a connection that
    /// failed), and nothing is lost.
    mutating func release(_ id: Int) {
        guard let piece = active.removeValue(forKey: id) else { return }
        if piece.remaining > 0 { unclaimed.insert(piece.next..<piece.end, at: 0) }
    }
}
