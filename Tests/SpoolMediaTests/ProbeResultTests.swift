import Foundation
import SpoolCore
import SpoolMedia
import Testing

/// Fixture: `ffprobe -v error -print_format json -show_format -show_streams` of an MKV with H.264, an
/// English AAC track (not default) and a Russian "Voice-over" AAC track (default), made with ffmpeg 5.1.9.
@Suite("ffprobe results")
struct ProbeResultTests {
    @Test("format and streams, with language, title, default disposition and Matroska durations")
    func dubbedFile() throws {
        let probe = try ProbeResult(json: Fixture.data("ffprobe-dubbed.json"))
        #expect(probe.formatName == "matroska,webm")
        #expect(probe.size == 177_290 && probe.duration == 5.021 && probe.bitRate == 282_477)
        #expect(probe.streams.map(\.index) == [0, 1, 2])
        let video = try #require(probe.videoStreams.first)
        #expect(video.codecName == "h264" && video.width == 640 && video.height == 360 && video.isDefault)
        #expect(probe.audioStreams.map(\.language) == ["eng", "rus"])
        #expect(probe.audioStreams.map(\.isDefault) == [false, true])
        #expect(probe.audioStreams.map(\.title) == [nil, "Voice-over"])
        #expect(probe.streams.allSatisfy { $0.duration == 5.021 }, "from the DURATION tag")

        var media = Media(jobID: JobID.random())
        probe.apply(to: &media)
        #expect(media.container == "matroska,webm" && media.videoCodec == "h264" && media.audioCodec == "aac")
        #expect(media.resolution == "640x360" && media.filesize == probe.size)
    }

    @Test("missing sections and odd values do not fail decoding")
    func sparse() throws {
        let probe = try ProbeResult(json: Data(#"{"streams":[{"index":0,"codec_type":"audio","tags":{"LANGUAGE":"ger"},"disposition":{"default":0}}],"format":{"duration":"N/A"}}"#.utf8))
        #expect(probe.duration == nil && probe.formatName == nil)
        #expect(probe.audioStreams.first?.language == "ger")
        #expect(try ProbeResult(json: Data("{}".utf8)).streams.isEmpty)
    }
}
