import Foundation
import SpoolCore
@testable import SpoolMedia
import Testing

/// The bookkeeping of a segmented download: byte range sets, the pieces connections take and steal,
/// and the resume map's checks.
@Suite("Direct download bookkeeping")
struct SegmentBoardTests {
    @Test("byte ranges merge, report their gaps and round-trip through JSON")
    func rangeSet() throws {
        var set = ByteRangeSet([10..<20, 0..<5])
        set.insert(20..<30)
        set.insert(4..<6)
        #expect(set.ranges == [0..<6, 10..<30] && set.count == 26)
        #expect(set.gaps(in: 0..<40) == [6..<10, 30..<40])
        #expect(set.gaps(in: 12..<25).isEmpty && set.gaps(in: 5..<12) == [6..<10])
        #expect(set.contains(11..<29) && !set.contains(5..<11) && set.contains(3..<3))
        set.insert(0..<100)
        #expect(set.ranges == [0..<100])
        let json = try JSONEncoder().encode(ByteRangeSet([0..<3, 7..<9]))
        #expect(String(decoding: json, as: UTF8.self) == "[[0,3],[7,9]]")
        #expect(try JSONDecoder().decode(ByteRangeSet.self, from: json).ranges == [0..<3, 7..<9])
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(ByteRangeSet.self, from: Data("[[5,1]]".utf8)) }
    }

    @Test("the missing bytes are split one piece per connection; an idle connection steals half of the largest")
    func pieces() throws {
        let mib: Int64 = 1 << 20
        var board = SegmentBoard(length: 40 * mib, done: ByteRangeSet(), connections: 4, minimumSplit: mib)
        var claims: [(id: Int, range: Range<Int64>)] = []
        while board.unclaimedCount > 0, let claim = board.claim() { claims.append(claim) }
        #expect(claims.map(\.range) == [0..<10 * mib, 10 * mib..<20 * mib, 20 * mib..<30 * mib, 30 * mib..<40 * mib])

        // The first connection finishes its piece, then takes the back half of the largest left.
        let first = board.reserve(claims[0].id, 20 * mib)
        #expect(first.offset == 0 && first.count == 10 * mib)
        board.commit(0..<10 * mib)
        #expect(board.isExhausted(claims[0].id))
        board.release(claims[0].id)
        let second = board.reserve(claims[1].id, 2 * mib)
        board.commit(second.offset..<second.offset + second.count)
        let steal = board.claim()
        let stolen = try #require(steal)
        // Piece 3 and 4 have 10 MiB left, piece 2 has 8: one of the 10 MiB pieces is halved.
        #expect(stolen.range.count == 5 * Int(mib))
        let victim = try #require(claims.first { $0.range.upperBound == stolen.range.upperBound })
        #expect(board.reserve(victim.id, 20 * mib).count == 5 * mib, "the victim stops where the thief starts")

        // A failed connection gives back what it did not reserve.
        board.release(claims[1].id)
        let retake = board.claim()
        let retaken = try #require(retake)
        #expect(retaken.range == 12 * mib..<20 * mib)
        #expect(board.doneBytes == 12 * mib && !board.isComplete)
    }

    @Test("a resumed board covers only the gaps, in pieces no smaller than the minimum")
    func resumedBoard() {
        let mib: Int64 = 1 << 20
        let done = ByteRangeSet([0..<3 * mib, 5 * mib..<9 * mib])
        var board = SegmentBoard(length: 10 * mib, done: done, connections: 4, minimumSplit: mib)
        var ranges: [Range<Int64>] = []
        while let claim = board.claim() { ranges.append(claim.range) }
        #expect(ranges == [3 * mib..<4 * mib, 4 * mib..<5 * mib, 9 * mib..<10 * mib], "3 MiB missing: 1 MiB pieces, none stolen below 2 MiB")
        var uneven = SegmentBoard(length: 10 * mib + 5, done: ByteRangeSet(), connections: 2, minimumSplit: mib)
        let halves = [uneven.claim()?.range, uneven.claim()?.range]
        #expect(halves == [0..<5 * mib + 3, 5 * mib + 3..<10 * mib + 5])
        #expect(board.doneBytes == 7 * mib)
    }

    @Test("the resume map continues only the same file: same URL, length, ETag else Last-Modified")
    func resumeMap() throws {
        let file = DirectFile(url: "http://h/a.mp4", length: 100, mediaType: "video/mp4", etag: "\"v1\"", lastModified: "Tue, 02 Jan 2024 10:00:00 GMT")
        let map = ResumeMap(file: file, done: ByteRangeSet([0..<50]))
        #expect(map.mismatch(with: file) == nil)
        #expect(map.ifRange == "\"v1\"")
        var changed = file
        changed.etag = "\"v2\""
        #expect(map.mismatch(with: changed) == "the file's ETag changed from \"v1\" to \"v2\"")
        changed = file
        changed.length = 101
        #expect(map.mismatch(with: changed)?.contains("length changed") == true)
        var dated = ResumeMap(file: DirectFile(url: file.url, length: 100, mediaType: "video/mp4", lastModified: "A"))
        #expect(dated.ifRange == "A")
        #expect(dated.mismatch(with: DirectFile(url: file.url, length: 100, mediaType: "video/mp4", lastModified: "B"))?.contains("Last-Modified") == true)
        dated.lastModified = nil
        #expect(dated.mismatch(with: DirectFile(url: file.url, length: 100, mediaType: "video/mp4"))?.contains("no ETag or Last-Modified") == true)
        let weak = ResumeMap(file: DirectFile(url: file.url, length: 100, mediaType: "video/mp4", etag: "W/\"x\"", lastModified: "A"))
        #expect(weak.ifRange == "A", "a weak ETag cannot be used in If-Range")

        let folder = try MediaTestSupport.makeWorkDirectory()
        let path = folder + "/a.mp4.part.map"
        try map.save(to: path)
        #expect(ResumeMap.load(from: path) == map)
        #expect(!FileManager.default.fileExists(atPath: path + ".tmp"))
        try Data("{broken".utf8).write(to: URL(fileURLWithPath: path))
        #expect(ResumeMap.load(from: path) == nil)
    }

    @Test("speed is smoothed over a window; ETA follows; rate limits parse as yt-dlp reads them")
    func meterAndPacer() {
        var meter = TransferMeter(window: .seconds(3), smoothing: 0.5)
        let start = ContinuousClock.now
        #expect(meter.record(0, at: start) == nil)
        let first = meter.record(1_000_000, at: start + .seconds(1))
        #expect(first == 1_000_000)
        let second = meter.record(1_000_000, at: start + .seconds(2))
        #expect(second == 750_000, "a stalled second halves the window speed, then the average")
        #expect(TransferMeter.eta(remaining: 1_500_000, speed: second) == 2)
        #expect(TransferMeter.eta(remaining: 10, speed: 0) == nil)
        #expect(TransferPacer.bytesPerSecond("500K") == 512_000)
        #expect(TransferPacer.bytesPerSecond("4.5M") == 4.5 * 1_048_576)
        #expect(TransferPacer.bytesPerSecond("123") == 123)
        #expect(TransferPacer.bytesPerSecond("fast") == nil && TransferPacer.bytesPerSecond("") == nil)
    }
}
