import Testing
@testable import SpoolCore

@Suite("Job options validation")
struct JobOptionsValidationTests {
    @Test("accepts ordinary http and https URLs", arguments: [
        "http://127.0.0.1:8080/video.mp4",
        "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
        "HTTPS://example.com/a/b?c=d#e",
        "https://user:pass@example.com/x",
    ])
    func acceptsURLs(url: String) throws {
        try JobOptions(url: url).validate()
    }

    @Test("rejects bad URLs with invalid_url", arguments: [
        "", "-o/etc/passwd", "--exec=rm -rf /", "ftp://example.com/x", "file:///etc/passwd",
        "javascript:alert(1)", "http://", "https:///path", "http://exa mple.com/", "http://example.com/\n--exec",
        "example.com/video.mp4",
    ])
    func rejectsURLs(url: String) {
        #expect(throws: SpoolError.self) { try JobOptions(url: url).validate() }
        do { try JobOptions(url: url).validate() } catch { #expect(error.code == .invalidURL) }
    }

    @Test("rejects URLs over the length limit")
    func rejectsLongURL() {
        let url = "https://example.com/" + String(repeating: "a", count: InputLimits.maxURLLength)
        do {
            try JobOptions(url: url).validate()
            Issue.record("expected a rejection")
        } catch {
            #expect(error.code == .invalidURL)
        }
    }

    @Test("accepts presets and yt-dlp format expressions", arguments: ["best", "1080p", "audio-mp3", "bv*[height<=720]+ba/b", "137+140"])
    func acceptsFormats(format: String) throws {
        try JobOptions(url: "https://example.com/v", formatPreset: format).validate()
    }

    @Test("rejects formats that could be options or shell", arguments: ["-x", "", "best;rm", "best`id`", String(repeating: "b", count: 300)])
    func rejectsFormats(format: String) {
        do {
            try JobOptions(url: "https://example.com/v", formatPreset: format).validate()
            Issue.record("expected a rejection for \(format)")
        } catch {
            #expect(error.code == .invalidFormat)
        }
    }

    @Test("dubbing needs a target language; languages and providers are checked")
    func dubbingFields() {
        #expect(throws: SpoolError.self) { try JobOptions(url: "https://e.com/v", requestedDubbing: true).validate() }
        #expect(throws: SpoolError.self) { try JobOptions(url: "https://e.com/v", targetLang: "Russian").validate() }
        #expect(throws: SpoolError.self) { try JobOptions(url: "https://e.com/v", requestedDubbing: true, targetLang: "ru", dubbingProvider: "bogus").validate() }
        #expect(throws: Never.self) { try JobOptions(url: "https://e.com/v", requestedDubbing: true, targetLang: "ru", dubbingProvider: "tts").validate() }
    }

    @Test("tags are bounded")
    func tags() {
        #expect(throws: SpoolError.self) { try JobOptions(url: "https://e.com/v", tags: [""]).validate() }
        #expect(throws: SpoolError.self) { try JobOptions(url: "https://e.com/v", tags: Array(repeating: "t", count: 33)).validate() }
    }
}

@Suite("Output template guard")
struct OutputTemplateGuardTests {
    @Test("accepts relative templates", arguments: [
        OutputTemplateGuard.defaultTemplate, "%(title)s.%(ext)s", "Music/%(artist)s/%(title)s.%(ext)s", "clip.mp4",
    ])
    func accepts(template: String) throws {
        try OutputTemplateGuard.validate(template)
    }

    @Test("rejects templates that escape or smuggle options", arguments: [
        "../%(title)s.%(ext)s", "a/../../b.%(ext)s", "/etc/%(title)s.%(ext)s", "~/x.%(ext)s", "a//b.%(ext)s",
        "./x.%(ext)s", "-o.%(ext)s", "a/-x/%(title)s.%(ext)s", "a\\..\\b.%(ext)s", "x\u{0}.%(ext)s", "", "noextension",
    ])
    func rejects(template: String) {
        do {
            try OutputTemplateGuard.validate(template)
            Issue.record("expected rejection of \(template)")
        } catch {
            #expect(error.code == .invalidTemplate)
        }
    }

    @Test("containment is lexical and exact")
    func containment() {
        #expect(OutputTemplateGuard.isContained("/m/library/a/b.mkv", in: "/m/library"))
        #expect(!OutputTemplateGuard.isContained("/m/library/../secret", in: "/m/library"))
        #expect(!OutputTemplateGuard.isContained("/m/library2/x", in: "/m/library"))
        #expect(!OutputTemplateGuard.isContained("/m/library", in: "/m/library"))
        #expect(OutputTemplateGuard.normalize("/a/./b//c/../d") == "/a/b/d")
    }
}
