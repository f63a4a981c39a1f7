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

    /// Fixture: the same ffprobe command on an MP4 with H.264, two AAC tracks and a JPEG cover
    /// (`-disposition:v:1 attached_pic`), made with ffmpeg 5.1.9.
    @Test("stream bit rates and pixel formats are read; the cover is an attached picture, not a video")
    func coverAndRates() throws {
        let probe = try ProbeResult(json: Fixture.data("ffprobe-cover.json"))
        #expect(probe.streams.map(\.bitRate) == [781_828, 69_671, 68_532, nil])
        #expect(probe.streams.map(\.pixelFormat) == ["yuv420p", nil, nil, "yuvj420p"])
        #expect(probe.streams.map(\.isAttachedPicture) == [false, false, false, true])
        #expect(probe.videoStreams.map(\.index) == [0])

        let media = probe.mediaProbe
        #expect(media.streams.map(\.kind) == [.video, .audio, .audio, .other])
        #expect(media.videoStreams.first?.pixelFormat == "yuv420p" && media.videoStreams.first?.isHighBitDepth == false)
        #expect(media.audioStreams.map(\.bitRate) == [69_671, 68_532])
    }

    @Test("a video stream marked attached_pic is cover art whatever its codec")
    func attachedPictureDisposition() throws {
        let json = #"{"streams":[{"index":0,"codec_type":"video","codec_name":"h264","pix_fmt":"yuv420p10le","disposition":{"attached_pic":0}},{"index":1,"codec_type":"video","codec_name":"h264","disposition":{"attached_pic":1}}]}"#
        let probe = try ProbeResult(json: Data(json.utf8))
        #expect(probe.videoStreams.map(\.index) == [0])
        #expect(probe.mediaProbe.videoStreams.first?.isHighBitDepth == true)
    }

    @Test("missing sections and odd values do not fail decoding")
    func sparse() throws {
        let probe = try ProbeResult(json: Data(#"{"streams":[{"index":0,"codec_type":"audio","tags":{"LANGUAGE":"ger"},"disposition":{"default":0}}],"format":{"duration":"N/A"}}"#.utf8))
        #expect(probe.duration == nil && probe.formatName == nil)
        #expect(probe.audioStreams.first?.language == "ger")
        #expect(try ProbeResult(json: Data("{}".utf8)).streams.isEmpty)
    }
}
