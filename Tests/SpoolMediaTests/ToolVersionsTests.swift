@testable import SpoolMedia
import Testing

@Suite("Tool versions")
struct ToolVersionsTests {
    @Test("yt-dlp, ffmpeg and ffprobe report versions")
    func installed() async {
        let versions = await ToolVersions.detect()
        #expect(versions.allAvailable, "\(versions)")
        #expect(versions.ytDlp.version?.hasPrefix("20") == true)
        #expect(versions.ffmpeg.version?.first?.isNumber == true && versions.ffmpeg.label == "ok")
        #expect(versions.ffprobe.version == versions.ffmpeg.version)
    }

    @Test("a missing tool is reported, not thrown")
    func missing() async {
        let versions = await ToolVersions.detect(ytDlp: "yt-dlp-not-installed", ffmpeg: "/bin/false")
        #expect(versions.ytDlp.label == "missing" && versions.ytDlp.version == nil)
        #expect(versions.ffmpeg.label == "error")
        #expect(versions.ffprobe.isAvailable && !versions.allAvailable)
    }

    @Test("ffmpeg's version line")
    func parsing() {
        #expect(ToolVersions.ffmpegVersion("ffmpeg version 5.1.9-0+deb12u1 Copyright (c) 2000-2026\nbuilt with gcc") == "5.1.9-0+deb12u1")
        #expect(ToolVersions.ffmpegVersion("ffprobe version n7.1 Copyright") == "n7.1")
        #expect(ToolVersions.ffmpegVersion("") == nil)
    }
}
