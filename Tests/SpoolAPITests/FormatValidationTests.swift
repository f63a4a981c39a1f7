import Foundation
import Hummingbird
import HummingbirdTesting
import SpoolAPI
import SpoolCore
import SpoolMedia
import SpoolQueue
import Synchronization
import Testing

/// Custom formats are parsed by yt-dlp itself when they are submitted: the real yt-dlp through the
/// warm fork server or a short helper process, and an injected validator where only the routes'
/// wiring is under test.
@Suite("Format validation on submission", .serialized)
struct FormatValidationTests {
    @Test("a format yt-dlp cannot parse is 400 invalid_format with yt-dlp's message (no caret line); nothing is queued")
    func badFormatCold() async throws {
        // A generous bound: a cold helper on a loaded machine can take seconds to import yt-dlp,
        // and past the bound the validator accepts (the behaviour under test is the verdict).
        let validator = YtDlpFormatValidator(ytDlp: YtDlp(configuration: .init(start: .cold)), timeout: .seconds(120))
        var configured = TestAPI()
        configured.formats = validator
        let api = configured
        let bearer = try await api.bearer()
        try await api.test { client in
            let response = try await client.send(.post, "/api/jobs", headers: bearer, json: #"{"url":"https://example.com/v","formatPreset":"b[height<="}"#)
            #expect(response.status == .badRequest)
            #expect(response.errorCode == "invalid_format")
            let message = try #require(response.errorMessage)
            #expect(message == "formatPreset 'b[height<=' is not a valid yt-dlp format: Invalid format specification: Missing closing/opening brackets or parenthesis")
            #expect(!message.contains("^") && !message.contains("\n"))
            #expect(await api.driver.entries(in: .download).isEmpty)
            #expect(validator.cachedVerdict(of: "b[height<=") != nil, "remembered")

            let good = try await client.send(.post, "/api/jobs", headers: bearer, json: #"{"url":"https://example.com/v","formatPreset":"bv*[height<=720]+ba/b"}"#)
            #expect(good.status == .created)
            #expect(validator.cachedVerdict(of: "bv*[height<=720]+ba/b") == .valid)
            let filter = try await client.send(.post, "/api/jobs", headers: bearer, json: #"{"url":"https://example.com/v","formatPreset":"b[height<=abc]"}"#)
            #expect(filter.status == .badRequest && filter.errorMessage?.hasSuffix("Invalid filter specification 'height<=abc'") == true)
        }
    }

    @Test("with the fork server running, the check is answered by it (warm), and repeated ones from the cache")
    func warmCheck() async throws {
        let ytDlp = YtDlp()
        try await ytDlp.prewarm()
        defer { Task { await ytDlp.shutdown() } }
        // The fork server warms up (imports yt_dlp, rehearses a download) before it answers.
        let deadline = ContinuousClock.now + .seconds(60)
        var verdict: FormatVerdict?
        while ContinuousClock.now < deadline {
            verdict = await ytDlp.checkFormat("bv+")
            if await ytDlp.statistics.warmFormatChecks > 0 { break }
            try await Task.sleep(for: .milliseconds(200))
        }
        #expect(await ytDlp.statistics.warmFormatChecks == 1)
        // Until the server was ready, the checks ran in a helper process; from now on none does.
        let cold = await ytDlp.statistics.coldFormatChecks
        #expect(verdict == .invalid("Invalid format specification: Expected a selector"))
        #expect(await ytDlp.checkFormat("bestvideo[ext=mp4]+bestaudio/best") == .valid)
        #expect(await ytDlp.statistics.warmFormatChecks == 2)

        let validator = YtDlpFormatValidator(ytDlp: ytDlp, timeout: .seconds(120))
        await #expect(throws: SpoolError(.invalidFormat, "formatPreset 'bv+' is not a valid yt-dlp format: Invalid format specification: Expected a selector")) {
            try await validator.validate("bv+")
        }
        try await validator.validate("bv+ba/b")
        let checks = await ytDlp.statistics.warmFormatChecks
        await #expect(throws: SpoolError.self) { try await validator.validate("bv+") }
        #expect(await ytDlp.statistics.warmFormatChecks == checks, "the second check came from the cache")
        #expect(await ytDlp.statistics.coldFormatChecks == cold)
        await ytDlp.shutdown()
    }

    @Test("with no fork server running, the check runs in a helper process and starts the fork server for the download to come")
    func checkStartsForkServer() async throws {
        let ytDlp = YtDlp()
        #expect(await ytDlp.forkServerProcessID == nil)
        #expect(await ytDlp.checkFormat("bv+", timeout: .seconds(120)) == .invalid("Invalid format specification: Expected a selector"))
        let statistics = await ytDlp.statistics
        #expect(statistics.coldFormatChecks == 1 && statistics.warmFormatChecks == 0)
        #expect(await ytDlp.forkServerProcessID != nil, "started for the download a format expression announces")
        await ytDlp.shutdown()
    }

    @Test("without yt-dlp the format is accepted (a log line says it was not checked)")
    func missingYtDlp() async throws {
        let validator = YtDlpFormatValidator(ytDlp: YtDlp(configuration: .init(executable: "/nonexistent/yt-dlp")))
        try await validator.validate("b[height<=")
        #expect(validator.cachedVerdict(of: "b[height<=") == nil)
    }

    @Test("batches, /api/v1/jobs and download profiles check their formats too; presets are not sent to the validator")
    func everyEntryPoint() async throws {
        let validator = RecordingValidator()
        var configured = TestAPI()
        configured.formats = validator
        let api = configured
        let bearer = try await api.bearer()
        try await api.test { client in
            let batch = try await client.send(.post, "/api/batches", headers: bearer, json: """
                {"urls":["https://example.com/e/1","https://example.com/e/2"],"options":{"formatPreset":"bad["}}
                """)
            #expect(batch.status == .badRequest && batch.errorCode == "invalid_format")
            #expect(batch.errorMessage?.hasPrefix("urls[0]: ") == true)
            let preset = try await client.send(.post, "/api/jobs", headers: bearer, json: #"{"url":"https://example.com/v","formatPreset":"720p"}"#)
            #expect(preset.status == .created)
            #expect(validator.checked == ["bad["], "a preset is not checked, a batch stops at its first bad item")
        }
        var configuredArchive = try ArchiveTestAPI()
        configuredArchive.formats = validator
        let archive = configuredArchive
        let admin = try await archive.bearer()
        try await archive.test { client in
            let profile = try await client.send(.post, "/api/profiles", headers: admin, json: #"{"name":"Bad","format":"bad["}"#)
            #expect(profile.status == .badRequest && profile.errorCode == "invalid_format")
            let good = try await client.send(.post, "/api/profiles", headers: admin, json: #"{"name":"Good","format":"bv*+ba"}"#)
            #expect(good.status == .created)
        }
        #expect(validator.checked.suffix(2) == ["bad[", "bv*+ba"])
    }
}

/// A validator that refuses formats containing `[` without `]` and records what it was asked.
final class RecordingValidator: FormatValidator {
    private let asked = Mutex<[String]>([])

    /// The formats checked so far, in order.
    var checked: [String] { asked.withLock { $0 } }

    func validate(_ format: String) async throws(SpoolError) {
        asked.withLock { $0.append(format) }
        if format.contains("["), !format.contains("]") {
            throw SpoolError(.invalidFormat, "unbalanced brackets in \(format)")
        }
    }
}
