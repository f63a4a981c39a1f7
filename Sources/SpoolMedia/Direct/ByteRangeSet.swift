/// Byte ranges of a file, kept sorted, disjoint and merged: the parts of a download that are done.
public struct ByteRangeSet: Sendable, Hashable, Codable {
    /// The ranges, sorted by start; neighbours never touch or overlap.
    public private(set) var ranges: [Range<Int64>]

    /// Creates a set of `ranges` (in any order, overlapping or not; empty ones are dropped).
    public init(_ ranges: [Range<Int64>] = []) {
        self.ranges = []
        for range in ranges { insert(range) }
    }

    /// Bytes covered.
    public var count: Int64 {
        ranges.reduce(0) { $0 + ($1.upperBound - $1.lowerBound) }
    }

    /// Whether no byte is covered.
    public var isEmpty: Bool { ranges.isEmpty }

    /// Adds `range`, merging it with the ranges it overlaps or touches.
    public mutating func insert(_ range: Range<Int64>) {
        guard !range.isEmpty else { return }
        // The first range that ends at or after the new start may merge; so may those after it.
        var index = firstIndex(endingAtOrAfter: range.lowerBound)
        var merged = range
        while index < ranges.count, ranges[index].lowerBound <= merged.upperBound {
            merged = min(merged.lowerBound, ranges[index].lowerBound)..<max(merged.upperBound, ranges[index].upperBound)
            ranges.remove(at: index)
        }
        ranges.insert(merged, at: index)
        index += 1
    }

    /// Whether every byte of `range` is covered.
    public func contains(_ range: Range<Int64>) -> Bool {
        guard !range.isEmpty else { return true }
        let index = firstIndex(endingAtOrAfter: range.lowerBound + 1)
        return index < ranges.count && ranges[index].lowerBound <= range.lowerBound && ranges[index].upperBound >= range.upperBound
    }

    /// The parts of `whole` not covered, in order.
    public func gaps(in whole: Range<Int64>) -> [Range<Int64>] {
        var gaps: [Range<Int64>] = []
        var cursor = whole.lowerBound
        for range in ranges where range.upperBound > whole.lowerBound {
            if range.lowerBound >= whole.upperBound { break }
            if range.lowerBound > cursor { gaps.append(cursor..<range.lowerBound) }
            cursor = max(cursor, range.upperBound)
        }
        if cursor < whole.upperBound { gaps.append(cursor..<whole.upperBound) }
        return gaps
    }

    /// The index of the first range whose end is at or after `offset` (binary search).
    private func firstIndex(endingAtOrAfter offset: Int64) -> Int {
        var low = 0
        var high = ranges.count
        while low < high {
            let middle = (low + high) / 2
            if ranges[middle].upperBound < offset { low = middle + 1 } else { high = middle }
        }
        return low
    }

    /// Encoded as `[[start, end], …]` with exclusive ends.
    public init(from decoder: any Decoder) throws {
        let pairs = try [[Int64]](from: decoder)
        var ranges: [Range<Int64>] = []
        for pair in pairs {
            guard pair.count == 2, pair[0] >= 0, pair[0] <= pair[1] else {
                throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "a byte range is [start, end] with start ≤ end"))
            }
            ranges.append(pair[0]..<pair[1])
        }
        self.init(ranges)
    }

    /// Encodes `[[start, end], …]`.
    public func encode(to encoder: any Encoder) throws {
        try ranges.map { [$0.lowerBound, $0.upperBound] }.encode(to: encoder)
    }
}
