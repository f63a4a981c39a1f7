import Foundation
import SpoolCore
import Testing

@Suite("Notification mapping, retries and hooks")
struct NotificationMappingTests {
    let job: Job = {
        var job = Job(options: JobOptions(url: "https://video.example/watch?v=1", tags: ["music", "live"]), now: Date(timeIntervalSince1970: 1_800_000_000))
        job.title = "A concert"
        job.outputPath = "Concerts/A concert.mkv"
        return job
    }()

    func change(_ from: JobState, _ to: JobState) -> JobEvent {
        var event = JobEvent.stateChange(job.id, from: from, to: to)
        event.id = 7
        return event
    }

    @Test func eventsMapToNotificationTypes() {
        #expect(NotificationMapping.types(of: .jobAdded(job), job: job, startedBefore: false) == [.jobAdded])
        #expect(NotificationMapping.types(of: .jobRemoved(job.id), job: nil, startedBefore: false) == [.jobRemoved])
        #expect(NotificationMapping.types(of: change(.queued, .downloading), job: job, startedBefore: false) == [.jobStarted])
        #expect(NotificationMapping.types(of: change(.queued, .downloading), job: job, startedBefore: true) == [], "only the first start")
        #expect(NotificationMapping.types(of: change(.muxing, .complete), job: job, startedBefore: true) == [.jobCompleted])
        #expect(NotificationMapping.types(of: change(.downloading, .failed), job: job, startedBefore: true) == [.jobFailed])
        #expect(NotificationMapping.types(of: change(.processing, .failed), job: job, startedBefore: true) == [.postprocessFailed, .jobFailed])
        #expect(NotificationMapping.types(of: change(.processing, .complete), job: job, startedBefore: true) == [.postprocessCompleted, .jobCompleted])
        #expect(NotificationMapping.types(of: change(.uploading, .complete), job: job, startedBefore: true) == [.storageUploaded, .jobCompleted])
        #expect(NotificationMapping.types(of: change(.processing, .paused), job: job, startedBefore: true) == [])
        #expect(NotificationMapping.types(of: change(.processing, .downloaded), job: job, startedBefore: true) == [], "a retry of the stage")
        var processed = job
        processed.finishedStages = [.download, .process]
        #expect(NotificationMapping.types(of: change(.processing, .downloaded), job: processed, startedBefore: true) == [.postprocessCompleted])
        #expect(NotificationMapping.types(of: .log(job.id, .info, "x"), job: job, startedBefore: true) == [])
        let digest = JobEvent.sourceNewMedia(sourceID: 3, sourceName: "Channel", titles: ["a", "b"], count: 2)
        #expect(NotificationMapping.types(of: digest, job: nil, startedBefore: false) == [.sourceNewMedia])
        #expect(NotificationMapping.types(of: .notification(nil, kind: "other", title: "t", message: "m", severity: .info), job: nil, startedBefore: false) == [])
    }

    @Test func bodyIsAStandardWebhooksEnvelopeWithTheJobSummary() throws {
        let event = change(.muxing, .complete)
        let message = NotificationMapping.message(.jobCompleted, for: event, job: job)
        let body = try JSONDecoder().decode(JSONValue.self, from: Data(message.body().utf8))
        #expect(body["type"]?.stringValue == "job.completed")
        #expect(body["timestamp"]?.stringValue?.hasSuffix("Z") == true)
        #expect(body["data"]?["id"]?.stringValue == job.id.rawValue)
        #expect(body["data"]?["title"]?.stringValue == "A concert")
        #expect(body["data"]?["file"]?.stringValue == "Concerts/A concert.mkv")
        #expect(body["data"]?["tags"] == .array([.string("music"), .string("live")]))
        #expect(message.title.contains("A concert"))
    }

    @Test func digestCarriesCountAndTitlesAndStaysSmall() throws {
        let titles = (0..<400).map { "Video \($0) " + String(repeating: "x", count: 190) }
        var event = JobEvent.sourceNewMedia(sourceID: 9, sourceName: "Big channel", titles: titles, count: 400)
        event.id = 12
        let message = NotificationMapping.message(.sourceNewMedia, for: event, job: nil)
        #expect(message.sourceID == 9)
        let body = message.body()
        #expect(body.utf8.count < 20_000)
        let data = try JSONDecoder().decode(JSONValue.self, from: Data(body.utf8))["data"]
        #expect(data?["count"]?.intValue == 400)
        #expect((data?["titles"]?.arrayValue?.count ?? 0) <= 50)
    }

    @Test func subscriptionFilters() {
        let message = NotificationMapping.message(.jobCompleted, for: change(.muxing, .complete), job: job)
        #expect(WebhookSubscription(url: "http://h").wants(message))
        #expect(WebhookSubscription(url: "http://h", events: [.jobCompleted]).wants(message))
        #expect(!WebhookSubscription(url: "http://h", events: [.jobFailed]).wants(message))
        #expect(!WebhookSubscription(url: "http://h", sourceIDs: [1]).wants(message), "a one-off job has no source")
        #expect(WebhookSubscription(url: "http://h", jobIDs: [job.id]).wants(message))
        #expect(!WebhookSubscription(url: "http://h", jobIDs: [JobID("other")]).wants(message))
        #expect(!WebhookSubscription(url: "http://h", enabled: false).wants(message))
    }

    @Test func retryScheduleFollowsTheStandardTableThenGivesUp() {
        let schedule = WebhookRetrySchedule()
        #expect(schedule.delays.map { $0.components.seconds } == [5, 300, 1_800, 7_200, 18_000, 36_000, 50_400, 72_000, 86_400])
        #expect(schedule.delay(afterAttempt: 1) == .seconds(5))
        #expect(schedule.delay(afterAttempt: 9) == .seconds(86_400))
        #expect(schedule.delay(afterAttempt: 10) == nil)
        let failed = WebhookAttempt(status: 500)
        #expect(failed.verdict(afterAttempt: 2, schedule: schedule) == .retry(after: .seconds(300)))
        #expect(failed.verdict(afterAttempt: 10, schedule: schedule) == .giveUp)
        #expect(WebhookAttempt(status: 204).verdict(afterAttempt: 1, schedule: schedule) == .delivered)
        #expect(WebhookAttempt(status: 410).verdict(afterAttempt: 1, schedule: schedule) == .disable(reason: "the endpoint answered 410 Gone"))
        #expect(WebhookAttempt(status: 429, retryAfter: .seconds(600)).verdict(afterAttempt: 1, schedule: schedule) == .retry(after: .seconds(600)))
        #expect(WebhookAttempt(status: 503, retryAfter: .seconds(1)).verdict(afterAttempt: 2, schedule: schedule) == .retry(after: .seconds(300)))
        #expect(WebhookAttempt(status: 500, retryAfter: .seconds(600)).verdict(afterAttempt: 1, schedule: schedule) == .retry(after: .seconds(5)), "Retry-After only throttles")
        #expect(WebhookAttempt(error: "refused", refused: true).verdict(afterAttempt: 1, schedule: schedule) == .giveUp)
        #expect(WebhookAttempt(error: "timed out").verdict(afterAttempt: 1, schedule: schedule) == .retry(after: .seconds(5)))
    }

    @Test func hookEnvironmentHasTransmissionAndSpoolVariables() {
        var job = self.job
        job.state = .complete
        job.number = 42
        let variables = HookEnvironment.variables(for: job, version: "1.2.3", libraryRoot: "/media/library", fileBytes: 1234, at: Date())
        #expect(variables["TR_TORRENT_NAME"] == "A concert")
        #expect(variables["TR_TORRENT_DIR"] == "/media/library/Concerts")
        #expect(variables["SPOOL_FILE"] == "/media/library/Concerts/A concert.mkv")
        #expect(variables["TR_TORRENT_LABELS"] == "music,live")
        #expect(variables["TR_TORRENT_PRIORITY"] == "0")
        #expect(variables["TR_TORRENT_BYTES_DOWNLOADED"] == "1234")
        #expect(variables["TR_TORRENT_HASH"] == job.id.torrentHash)
        #expect(variables["TR_TORRENT_TRACKERS"] == "")
        #expect(variables["SPOOL_STATUS"] == "COMPLETE")
        #expect(variables["SPOOL_URL"] == "https://video.example/watch?v=1")
        #expect(variables["SPOOL_SOURCE"] == "")
        #expect(variables["TR_APP_VERSION"] == "1.2.3")
        #expect(variables["TR_TORRENT_ID"] == "42", "the job's number, as the Transmission RPC shows it")
    }
}
