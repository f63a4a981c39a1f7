import SpoolMedia
import Testing

@Suite("ffmpeg -progress")
struct FFmpegProgressTests {
    /// The block quoted in specs/environment.md section 4.
    static let environmentSample = """
    frame=300
    fps=0.00
    stream_0_0_q=-1.0
    bitrate= 368.3kbits/s
    total_size=460667
    out_time_us=10006000
    out_time_ms=10006000
    out_time=00:00:10.006000
    dup_frames=0
    drop_frames=0
    speed=13.3x
    progress=end
    """

    @Test("the environment sample: out_time_us, speed, the end marker")
    func environmentSample() throws {
        let blocks = FFmpegProgressParser.parse(Self.environmentSample)
        let block = try #require(blocks.first)
        #expect(blocks.count == 1)
        #expect(block == FFmpegProgress(outTimeMicroseconds: 10_006_000, speed: 13.3, frame: 300, fps: 0, totalSize: 460_667, isEnd: true))
        #expect(block.outTime == 10.006)
        #expect(block.percent(ofDuration: 20) == 100)
    }

    /// Fixture: `ffmpeg -progress pipe:1 -nostats` transcoding a 5 s clip (ffmpeg 5.1.9).
    @Test("a captured run: continue blocks, then end")
    func capturedRun() throws {
        let blocks = FFmpegProgressParser.parse(try Fixture.text("ffmpeg-progress.stdout"))
        #expect(blocks.count == 2)
        #expect(blocks.map(\.isEnd) == [false, true])
        let first = try #require(blocks.first)
        #expect((first.percent(ofDuration: 5.034) ?? 0) > 0 && (first.percent(ofDuration: 5.034) ?? 100) < 100)
        #expect(blocks.last?.outTimeMicroseconds == 5_034_000 && blocks.last?.speed == 36.8)
    }

    @Test("fps is read once ffmpeg has measured it")
    func framesPerSecond() throws {
        let block = try #require(FFmpegProgressParser.parse("frame=240\nfps=47.93\nout_time_us=8000000\nspeed=1.6x\nprogress=continue\n").first)
        #expect(block.fps == 47.93 && block.frame == 240 && block.speed == 1.6)
    }

    @Test("N/A values, padded values and audio-only blocks")
    func unknownValues() {
        var parser = FFmpegProgressParser()
        for line in ["bitrate=N/A", "total_size=N/A", "out_time_us=N/A", "out_time=N/A", "speed=N/A"] {
            #expect(parser.consume(line) == nil)
        }
        let empty = parser.consume("progress=continue")
        #expect(empty == FFmpegProgress())
        #expect(empty?.percent(ofDuration: 10) == nil)
        _ = parser.consume("out_time_us=2500000")
        _ = parser.consume("speed=   0x")
        let padded = parser.consume("progress=continue")
        #expect(padded == FFmpegProgress(outTimeMicroseconds: 2_500_000, speed: 0))
        #expect(padded?.percent(ofDuration: 10) == 25)
        #expect(parser.consume("not a key value line") == nil)
    }
}
