import SpoolCore
@testable import SpoolMedia
import Testing

@Suite("yt-dlp arguments")
struct YtDlpArgumentsTests {
    let work = "/media/tmp/job-1"

    @Test("the URL comes last, right after --, even when it looks like an option")
    func urlAfterDoubleDash() throws {
        let request = YtDlpRequest(url: "https://example.com/-v?x=--exec", workDirectory: work)
        let arguments = try YtDlpArguments.make(for: request, extraArguments: ["--retries", "3"])
        #expect(arguments.suffix(2) == ["--", "https://example.com/-v?x=--exec"])
        #expect(arguments.filter { $0 == "--" }.count == 1)
        let extras = try #require(arguments.firstIndex(of: "--retries"))
        #expect(extras < arguments.count - 2, "extra arguments go before --")
    }

    @Test("output goes under the work folder, progress is JSON and the result is printed")
    func outputAndReporting() throws {
        let arguments = try YtDlpArguments.make(for: YtDlpRequest(url: "https://e.com/v", workDirectory: work + "/"))
        let output = try #require(arguments.firstIndex(of: "-o"))
        #expect(arguments[output + 1] == "\(work)/\(OutputTemplateGuard.defaultTemplate)")
        for flag in ["--newline", "--progress", "--write-info-json", "--no-playlist", "--continue", "--ignore-config"] {
            #expect(arguments.contains(flag), "\(flag)")
        }
        #expect(arguments.contains(YtDlpArguments.progressTemplate))
        #expect(arguments.contains(YtDlpArguments.resultTemplate))
        #expect(YtDlpArguments.progressTemplate.hasPrefix("download:{\"st\":%(progress.status|null)j,"))
        #expect(!YtDlpArguments.progressTemplate.contains(")j|"), "every field has a |null default")
        let timeout = try #require(arguments.firstIndex(of: "--socket-timeout"))
        #expect(arguments[timeout + 1] == "30")
        #expect(!arguments.contains("--buffer-size"), "measured: 64K buffers slow a loopback download by >2%")
    }

    @Test("a preset becomes its format string in the = form, with the format sort")
    func preset() throws {
        let arguments = try YtDlpArguments.make(for: YtDlpRequest(url: "https://e.com/v", workDirectory: work, format: "720p", container: .mp4))
        #expect(arguments.contains("--format=\(FormatPreset.p720.formatString)"))
        #expect(arguments.contains("--format-sort=\(FormatPreset.formatSort)"))
        #expect(arguments.contains { $0.hasPrefix("--format ") || $0 == "-f" } == false)
        #expect(Self.value(after: "--remux-video", in: arguments) == "mp4")
        #expect(Self.value(after: "--merge-output-format", in: arguments) == "mp4")
        #expect(!arguments.contains("--extract-audio"))
    }

    @Test("a custom format string is passed through with =, so a leading dash cannot become an option")
    func customFormat() throws {
        let arguments = try YtDlpArguments.make(for: YtDlpRequest(url: "https://e.com/v", workDirectory: work, format: "bv*[height<=360]+ba"))
        #expect(arguments.contains("--format=bv*[height<=360]+ba"))
        #expect(!arguments.contains { $0.hasPrefix("--format-sort") })
        #expect(Self.value(after: "--remux-video", in: arguments) == "mkv")
    }

    @Test("audio presets extract audio and never remux video", arguments: [("audio-mp3", "mp3"), ("audio-m4a", "m4a")])
    func audioPresets(preset: String, codec: String) throws {
        let request = YtDlpRequest(url: "https://e.com/v", workDirectory: work, format: preset, subtitleLanguages: ["en"], embedThumbnail: true)
        let arguments = try YtDlpArguments.make(for: request)
        #expect(arguments.contains("--extract-audio"))
        #expect(Self.value(after: "--audio-format", in: arguments) == codec)
        #expect(!arguments.contains("--remux-video"))
        #expect(!arguments.contains("--embed-subs"), "an audio file has nowhere to put subtitles")
        #expect(arguments.contains("--embed-thumbnail"))
    }

    @Test("subtitles, thumbnail and rate limit")
    func extras() throws {
        let request = YtDlpRequest(
            url: "https://e.com/v", workDirectory: work, subtitleLanguages: ["en", "ru"], embedThumbnail: true, limitRate: "500K"
        )
        let arguments = try YtDlpArguments.make(for: request)
        #expect(arguments.contains("--sub-langs=en,ru"))
        for flag in ["--write-subs", "--write-auto-subs", "--embed-subs", "--embed-thumbnail", "--limit-rate=500K"] {
            #expect(arguments.contains(flag), "\(flag)")
        }
        let plain = try YtDlpArguments.make(for: YtDlpRequest(url: "https://e.com/v", workDirectory: work))
        #expect(!plain.contains("--embed-subs") && !plain.contains("--embed-thumbnail") && !plain.contains { $0.hasPrefix("--limit-rate") })
    }

    @Test("templates that leave the work folder and relative work folders are refused")
    func refusals() {
        for template in ["../x.%(ext)s", "/etc/%(id)s", "a/../../b.%(ext)s", "-x/%(id)s"] {
            #expect(throws: SpoolError.self) {
                try YtDlpArguments.make(for: YtDlpRequest(url: "https://e.com/v", workDirectory: work, outputTemplate: template))
            }
        }
        #expect(throws: SpoolError.self) {
            try YtDlpArguments.make(for: YtDlpRequest(url: "https://e.com/v", workDirectory: "tmp/job"))
        }
    }

    @Test("a request made from job options carries them over")
    func fromJobOptions() {
        let options = JobOptions(url: "https://e.com/v", formatPreset: "audio-m4a", outputContainer: .mp4, subtitleLanguages: ["de"], embedThumbnail: true, outputTemplate: "%(title)s.%(ext)s")
        let request = YtDlpRequest(options: options, workDirectory: work)
        #expect(request == YtDlpRequest(
            url: "https://e.com/v", workDirectory: work, format: "audio-m4a", container: .mp4,
            subtitleLanguages: ["de"], embedThumbnail: true, outputTemplate: "%(title)s.%(ext)s"
        ))
    }

    static func value(after flag: String, in arguments: [String]) -> String? {
        arguments.firstIndex(of: flag).flatMap { $0 + 1 < arguments.count ? arguments[$0 + 1] : nil }
    }
}
