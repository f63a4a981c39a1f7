import Foundation
import SpoolCore
@testable import SpoolMedia
import SpoolTesting
import Testing

/// The header reader against ffprobe on real files made with ffmpeg, and its refusals.
@Suite("ContainerHeaders")
struct ContainerHeadersTests {
    @Test("the headers agree with ffprobe", arguments: HeaderSample.allCases)
    func agreesWithFFprobe(sample: HeaderSample) async throws {
        let path = try await sample.url.path
        let reference = try await FFprobe().probe(path).mediaProbe
        let probe = try #require(ContainerHeaders.probe(path: path), "the header reader gave up on \(sample)")
        Self.expect(probe, agreesWith: reference)
    }

    @Test("the MKV with two audio languages and the MP4 with subtitles keep their languages")
    func languages() async throws {
        let mkv = try #require(ContainerHeaders.probe(path: try await HeaderSample.mkvTwoLanguages.url.path))
        #expect(mkv.audioStreams.map(\.language) == ["eng", "rus"])
        #expect(mkv.videoStreams.first?.language == nil, "ffmpeg writes und for a stream without a language")
        let mp4 = try #require(ContainerHeaders.probe(path: try await HeaderSample.mp4Subtitles.url.path))
        #expect(mp4.streams.map(\.kind) == [.video, .audio, .subtitle])
        #expect(mp4.streams.last?.language == "fra" && mp4.streams.last?.codecName == "mov_text")
    }

    @Test("moov at the end and faststart give the same answer")
    func moovPosition() async throws {
        let end = try #require(ContainerHeaders.probe(path: try await HeaderSample.mp4MoovAtEnd.url.path))
        var fast = try #require(ContainerHeaders.probe(path: try await HeaderSample.mp4Faststart.url.path))
        fast.size = end.size
        #expect(end == fast)
        #expect(end.videoStreams.first?.width == 320 && end.videoStreams.first?.height == 240)
    }

    @Test("not sure: nothing from the headers; HeaderFirstProber gives ffprobe's answer or error", arguments: Refusal.allCases)
    func refusals(refusal: Refusal) async throws {
        let path = try await refusal.write(into: MediaTestSupport.makeWorkDirectory())
        #expect(ContainerHeaders.probe(path: path) == nil)

        let statistics = HeaderFirstProber.Statistics()
        let prober = HeaderFirstProber(fallback: FFprobeProber(FFprobe()), statistics: statistics)
        let expected = await Self.outcome { try await FFprobeProber(FFprobe()).probe(path) }
        let actual = await Self.outcome { try await prober.probe(path) }
        switch (expected, actual) {
        case let (.success(expected), .success(actual)):
            #expect(expected == actual)
        case let (.failure(expected as SpoolError), .failure(actual as SpoolError)):
            #expect(expected == actual && actual.code == .toolFailed)
        default:
            Issue.record("ffprobe said \(expected), HeaderFirstProber said \(actual)")
        }
        #expect(statistics.headers == 0 && statistics.ffprobe == 1)
    }

    @Test("files with cover art fall back to ffprobe, which lists the picture as a stream")
    func coverArt() async throws {
        let folder = try MediaTestSupport.makeWorkDirectory()
        let picture = folder + "/cover.jpg"
        try await HeaderSample.ffmpeg(["-f", "lavfi", "-i", "testsrc=size=64x64:duration=1", "-frames:v", "1", picture])
        let source = try await HeaderSample.mp4Faststart.url.path
        let mp4 = folder + "/cover.mp4"
        try await HeaderSample.ffmpeg(["-i", source, "-i", picture, "-map", "0", "-map", "1", "-c", "copy", "-disposition:v:1", "attached_pic", mp4])
        let mkv = folder + "/cover.mkv"
        try await HeaderSample.ffmpeg(["-i", source, "-attach", picture, "-metadata:s:t", "mimetype=image/jpeg", "-c", "copy", mkv])
        let statistics = HeaderFirstProber.Statistics()
        let prober = HeaderFirstProber(fallback: FFprobeProber(FFprobe()), statistics: statistics)
        for path in [mp4, mkv] {
            #expect(ContainerHeaders.probe(path: path) == nil)
            let probe = try await prober.probe(path)
            #expect(probe.streams.map(\.kind) == [.video, .audio, .other])
        }
        #expect(statistics.ffprobe == 2)
    }

    @Test("HeaderFirstProber answers from the headers and counts it")
    func headerPath() async throws {
        let path = try await HeaderSample.webm.url.path
        let statistics = HeaderFirstProber.Statistics()
        let probe = try await HeaderFirstProber(fallback: FFprobeProber(FFprobe(executable: "ffprobe-not-installed")), statistics: statistics)
            .probe(path)
        let size = try MediaTestSupport.fileSize(path)
        #expect(probe.formatName == "matroska,webm" && probe.size == size)
        #expect(statistics.headers == 1 && statistics.ffprobe == 0)
    }

    @Test("200 truncations and byte flips of an MP4 and an MKV: no crash, no hang", arguments: [HeaderSample.mp4Faststart, .mp4MoovAtEnd, .mkv])
    func damagedFiles(sample: HeaderSample) async throws {
        let original = try Data(contentsOf: try await sample.url)
        let folder = try MediaTestSupport.makeWorkDirectory()
        // The headers: the first 8 KiB, and for moov at the end the last 8 KiB too.
        let regions = [0 ..< min(8192, original.count), max(0, original.count - 8192) ..< original.count]
        var random = SeededRandom(seed: UInt64(sample.rawValue.utf8.count) &* 0x9E37_79B9)
        var answered = 0
        for round in 0 ..< 200 {
            var bytes = original
            if round % 3 == 0 {
                bytes = bytes.prefix(Int.random(in: 0 ..< original.count, using: &random))
            } else {
                let region = regions[Int.random(in: 0 ..< regions.count, using: &random)]
                for _ in 0 ..< Int.random(in: 1 ... 8, using: &random) {
                    bytes[Int.random(in: region, using: &random)] = UInt8.random(in: 0 ... 255, using: &random)
                }
            }
            let path = "\(folder)/\(round).bin"
            try bytes.write(to: URL(fileURLWithPath: path))
            let start = ContinuousClock.now
            if ContainerHeaders.probe(path: path) != nil { answered += 1 }
            let elapsed = ContinuousClock.now - start
            #expect(elapsed < .seconds(10), "round \(round) took \(elapsed): a hang, not a slow parse on a busy machine")
            try? FileManager.default.removeItem(atPath: path)
        }
        #expect(answered < 200, "at least the short truncations are refused")
    }

    /// What a probe returned or threw.
    static func outcome(_ body: () async throws -> MediaProbe) async -> Result<MediaProbe, any Error> {
        do {
            return .success(try await body())
        } catch {
            return .failure(error)
        }
    }

    /// Compares what the reader found with ffprobe's view of the same file. ffprobe prints `und`
    /// for an MP4 stream without a language; the reader leaves it out.
    static func expect(_ probe: MediaProbe, agreesWith reference: MediaProbe, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(probe.formatName == reference.formatName, sourceLocation: sourceLocation)
        #expect(probe.size == reference.size, sourceLocation: sourceLocation)
        #expect(
            abs((probe.duration ?? -1) - (reference.duration ?? 1)) < 0.05,
            "\(probe.duration as Any) vs \(reference.duration as Any)", sourceLocation: sourceLocation
        )
        #expect(probe.streams.count == reference.streams.count, sourceLocation: sourceLocation)
        for (mine, theirs) in zip(probe.streams, reference.streams) {
            #expect(mine.kind == theirs.kind && mine.codecName == theirs.codecName, "\(mine) vs \(theirs)", sourceLocation: sourceLocation)
            #expect(mine.width == theirs.width && mine.height == theirs.height, "\(mine) vs \(theirs)", sourceLocation: sourceLocation)
            #expect(mine.language == (theirs.language == "und" ? nil : theirs.language), "\(mine) vs \(theirs)", sourceLocation: sourceLocation)
            if let theirs = theirs.duration {
                #expect(
                    abs((mine.duration ?? -1) - theirs) < 0.05,
                    "stream duration \(mine.duration as Any) vs \(theirs)", sourceLocation: sourceLocation
                )
            }
        }
    }
}

/// Files the header reader must refuse.
enum Refusal: String, CaseIterable, CustomTestStringConvertible {
    case textFile, emptyFile, truncatedMP4, randomBytesAfterFtyp, matroskaCutBeforeTracks, missingFile

    var testDescription: String { rawValue }

    /// Writes the file into `folder` and returns its path.
    func write(into folder: String) async throws -> String {
        let path = "\(folder)/\(rawValue).\(self == .matroskaCutBeforeTracks ? "mkv" : "mp4")"
        let data: Data
        switch self {
        case .textFile:
            data = Data("hello, this is not a video\n".utf8)
        case .emptyFile:
            data = Data()
        case .truncatedMP4:
            data = try Data(contentsOf: try await HeaderSample.mp4Faststart.url).prefix(1000)
        case .randomBytesAfterFtyp:
            var random = SeededRandom(seed: 7)
            let ftyp = try Data(contentsOf: try await HeaderSample.mp4Faststart.url).prefix(32)
            data = ftyp + Data((0 ..< 4096).map { _ in UInt8.random(in: 0 ... 255, using: &random) })
        case .matroskaCutBeforeTracks:
            let mkv = try Data(contentsOf: try await HeaderSample.mkv.url)
            let tracks = try #require(mkv.firstRange(of: Data([0x16, 0x54, 0xAE, 0x6B])))
            data = mkv.prefix(tracks.lowerBound)
        case .missingFile:
            return path
        }
        try data.write(to: URL(fileURLWithPath: path))
        return path
    }
}

/// SplitMix64: the same "random" damage on every run.
struct SeededRandom: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
