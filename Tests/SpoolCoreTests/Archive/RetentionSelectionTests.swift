import Foundation
import SpoolCore
import Testing

/// The rule selection shared by sources and the library: age, newest N, total size, keep, unknown sizes.
@Suite("Retention selection")
struct RetentionSelectionTests {
    static let now = Date(timeIntervalSince1970: 1_800_000_000)
    static let megabyte = Retention.bytesPerMB

    /// A candidate `daysAgo` old of `megabytes` (nil: unknown).
    static func video(_ id: String, daysAgo: Double, megabytes: Int64? = nil, keep: Bool = false, order: Int = 0) -> RetentionCandidate<String> {
        RetentionCandidate(id: id, date: now.addingTimeInterval(-daysAgo * 86_400), order: order, size: megabytes.map { $0 * megabyte }, keep: keep)
    }

    static func ids(_ verdicts: [RetentionVerdict<String>]) -> [String] { verdicts.map(\.id) }

    @Test("an inactive policy deletes nothing")
    func inactive() {
        #expect(Retention().select([Self.video("a", daysAgo: 400, megabytes: 9_999)], now: Self.now).isEmpty)
        #expect(!Retention().isActive && Retention(maxTotalSizeMB: 1).isActive)
    }

    @Test("age: older than D days goes, oldest first, with the reason")
    func age() {
        let videos = [Self.video("new", daysAgo: 1), Self.video("old", daysAgo: 31), Self.video("older", daysAgo: 90), Self.video("edge", daysAgo: 29.9)]
        let verdicts = Retention(maxAgeDays: 30).select(videos, now: Self.now)
        #expect(Self.ids(verdicts) == ["older", "old"])
        #expect(verdicts.allSatisfy { $0.reason == "older than 30 days" })
    }

    @Test("newest N: the rest go; ties on the date are broken by order, then by input place")
    func newest() {
        let videos = [
            Self.video("b", daysAgo: 2, order: 2), Self.video("a", daysAgo: 2, order: 1), Self.video("c", daysAgo: 5),
            Self.video("d", daysAgo: 9), Self.video("e", daysAgo: 9),
        ]
        let verdicts = Retention(keepNewest: 2).select(videos, now: Self.now)
        #expect(Self.ids(verdicts) == ["e", "d", "c"])
        #expect(verdicts.first?.reason == "beyond the newest 2")
        #expect(Self.ids(Retention(keepNewest: 1).select(videos, now: Self.now)).last == "b", "order 1 is newer than order 2")
    }

    @Test("size: the newest are kept while their sum fits; from the first that does not, every older one goes")
    func size() {
        let videos = [
            Self.video("v1", daysAgo: 1, megabytes: 300), Self.video("v2", daysAgo: 2, megabytes: 300),
            Self.video("v3", daysAgo: 3, megabytes: 300), Self.video("v4", daysAgo: 4, megabytes: 10),
        ]
        let verdicts = Retention(maxTotalSizeMB: 700).select(videos, now: Self.now)
        #expect(Self.ids(verdicts) == ["v4", "v3"], "v4 would fit, but it is older than one that did not")
        #expect(verdicts.last?.reason == "over the size limit of 700 MB: the newer videos kept take 600 MB")
        #expect(Retention(maxTotalSizeMB: 600).select(videos, now: Self.now).count == 2, "exactly full is kept")
        #expect(Self.ids(Retention(maxTotalSizeMB: 100).select(videos, now: Self.now)) == ["v4", "v3", "v2", "v1"], "a newest video too big for the limit goes")
    }

    @Test("unknown sizes count 0 and the reason says so")
    func unknownSizes() {
        let videos = [
            Self.video("known", daysAgo: 1, megabytes: 400), Self.video("unknown", daysAgo: 2),
            Self.video("big", daysAgo: 3, megabytes: 200), Self.video("mystery", daysAgo: 4),
        ]
        let verdicts = Retention(maxTotalSizeMB: 500).select(videos, now: Self.now)
        #expect(Self.ids(verdicts) == ["mystery", "big"])
        #expect(verdicts.last?.reason == "over the size limit of 500 MB: the newer videos kept take 400 MB (1 of unknown size counted as 0)")
        #expect(verdicts.first?.reason.hasSuffix("(1 of unknown size counted as 0); its own size is unknown") == true)
    }

    @Test("kept videos never go and count neither towards N nor towards the size")
    func kept() {
        let videos = [
            Self.video("pinned", daysAgo: 0.5, megabytes: 900, keep: true), Self.video("a", daysAgo: 1, megabytes: 100),
            Self.video("b", daysAgo: 2, megabytes: 100), Self.video("ancient", daysAgo: 400, megabytes: 1, keep: true),
        ]
        #expect(Retention(keepNewest: 1).select(videos, now: Self.now).map(\.id) == ["b"])
        #expect(Retention(maxTotalSizeMB: 200).select(videos, now: Self.now).isEmpty)
        #expect(Retention(maxAgeDays: 30).select(videos, now: Self.now).isEmpty)
    }

    @Test("each video is judged by the first rule that deletes it: age, then count, then size")
    func firstRuleWins() {
        let videos = [
            Self.video("a", daysAgo: 1, megabytes: 50), Self.video("b", daysAgo: 2, megabytes: 80),
            Self.video("c", daysAgo: 3, megabytes: 10), Self.video("d", daysAgo: 60, megabytes: 10),
        ]
        let verdicts = Retention(keepNewest: 3, maxAgeDays: 30, maxTotalSizeMB: 100).select(videos, now: Self.now)
        #expect(verdicts.map(\.id) == ["d", "c", "b"])
        #expect(verdicts.map(\.reason) == [
            "older than 30 days",
            "over the size limit of 100 MB: the newer videos kept take 50 MB",
            "over the size limit of 100 MB: the newer videos kept take 50 MB",
        ])
    }

    @Test("validation names the field")
    func validation() {
        #expect(throws: SpoolError(.invalidInput, "retention.maxTotalSizeMB must be from 1 to 1000000000")) { try Retention(maxTotalSizeMB: 0).validate() }
        #expect(throws: SpoolError(.invalidInput, "retention.keepNewest must be at least 1")) { try Retention(keepNewest: 0).validate() }
        #expect(throws: SpoolError(.invalidInput, "retention.maxAgeDays must be at least 1")) { try Retention(maxAgeDays: -1).validate() }
        #expect(throws: Never.self) { try Retention(keepNewest: 1, maxAgeDays: 1, maxTotalSizeMB: 1).validate() }
    }

    @Test("a source's items: only downloaded ones, sizes by job, publication date then position")
    func sourceItems() {
        func item(_ id: String, daysAgo: Double, state: JobState = .complete, keep: Bool = false) -> SourceItem {
            SourceItem(
                sourceID: 1, entry: ListedEntry(mediaID: id, extractor: "generic", url: "u", publishedAt: Self.now.addingTimeInterval(-daysAgo * 86_400)),
                status: .queued, jobID: JobID("job-\(id)"), jobState: state, keep: keep, position: Int(daysAgo), listedAt: Self.now
            )
        }
        let items = [item("a", daysAgo: 1), item("b", daysAgo: 2), item("c", daysAgo: 3, state: .downloading), item("d", daysAgo: 4), item("e", daysAgo: 5)]
        let sizes: [JobID: Int64] = [JobID("job-a"): 60 * Self.megabyte, JobID("job-b"): 30 * Self.megabyte, JobID("job-d"): 20 * Self.megabyte]
        let expired = Retention(maxTotalSizeMB: 100).expired(items, sizes: sizes, now: Self.now)
        #expect(expired.map(\.item.entry.mediaID) == ["e", "d"], "e has no size and counts 0, but comes after d, which did not fit")
    }

    @Test("the library: COMPLETE jobs of no existing source, by when they finished; `keep` tags (any case) are spared")
    func library() throws {
        func job(_ name: String, finishedDaysAgo: Double, state: JobState = .complete, tags: [String] = [], source: Int64? = nil) -> Job {
            var options = JobOptions(url: "https://example.com/\(name)", tags: tags)
            if let source { options.archive = ArchiveFiles(showName: "S", sourceID: source) }
            var job = Job(id: JobID(name), options: options, now: Self.now.addingTimeInterval(-400 * 86_400))
            job.state = state
            job.finishedAt = Self.now.addingTimeInterval(-finishedDaysAgo * 86_400)
            return job
        }
        let jobs = [
            job("fresh", finishedDaysAgo: 1), job("older", finishedDaysAgo: 3), job("oldest", finishedDaysAgo: 9),
            job("pinned", finishedDaysAgo: 20, tags: ["Keep"]), job("failed", finishedDaysAgo: 30, state: .failed),
            job("sourced", finishedDaysAgo: 40, source: 7), job("orphan", finishedDaysAgo: 50, source: 8),
        ]
        let library = LibraryRetention(rules: Retention(keepNewest: 2))
        let expired = library.expired(jobs, sources: [7], now: Self.now)
        #expect(expired.map(\.job.id.rawValue) == ["orphan", "oldest"], "source 8 is gone: its job is the library's")
        #expect(expired.allSatisfy { $0.reason == "beyond the newest 2" })
        let sized = LibraryRetention(rules: Retention(maxTotalSizeMB: 10))
            .expired(jobs, sources: [7, 8], sizes: [JobID("fresh"): 6 * Self.megabyte, JobID("older"): 6 * Self.megabyte], now: Self.now)
        #expect(sized.map(\.job.id.rawValue) == ["oldest", "older"])
        #expect(LibraryRetention().expired(jobs, sources: [], now: Self.now).isEmpty)
        #expect(LibraryRetention.isKept(jobs[3]) && !LibraryRetention.isKept(jobs[0]))
    }

    @Test("a job's stored files: output, media path, side files and original, each once; work artifacts are not stored files")
    func storedFiles() {
        var job = Job(options: JobOptions(url: "https://example.com/v"))
        job.outputPath = "s3://bucket/library/v.mkv"
        job.artifacts = [
            JobArtifact(kind: .voiceTrack, path: "/tmp/job/voice.wav", stage: .dub),
            JobArtifact(kind: .sideFile, path: "s3://bucket/library/v.info.json", stage: .download),
            JobArtifact(kind: .original, path: "/lib/v.orig.mkv", stage: .process),
            JobArtifact(kind: .sideFile, path: "s3://bucket/library/v.mkv", stage: .download),
        ]
        var media = Media(jobID: job.id)
        media.path = "/lib/v.mkv"
        #expect(job.storedFiles(media: media) == ["s3://bucket/library/v.mkv", "/lib/v.mkv", "s3://bucket/library/v.info.json", "/lib/v.orig.mkv"])
        #expect(Job(options: JobOptions(url: "https://example.com/x")).storedFiles(media: nil).isEmpty)
    }

    @Test("the temp sweep removes the work folders of COMPLETE, CANCELED and missing jobs, and of FAILED ones after the grace")
    func sweepReasons() {
        func job(_ state: JobState, finishedHoursAgo: Double = 1) -> Job {
            var job = Job(options: JobOptions(url: "https://example.com/v"), now: Self.now)
            job.state = state
            job.finishedAt = state.isTerminal ? Self.now.addingTimeInterval(-finishedHoursAgo * 3_600) : nil
            return job
        }
        let day: TimeInterval = 86_400
        #expect(TempSweepTask.reason(toRemove: nil, now: Self.now, keepFailed: day) == "its job no longer exists")
        #expect(TempSweepTask.reason(toRemove: job(.complete), now: Self.now, keepFailed: day) == "its job is COMPLETE")
        #expect(TempSweepTask.reason(toRemove: job(.canceled), now: Self.now, keepFailed: day) == "its job was CANCELED")
        #expect(TempSweepTask.reason(toRemove: job(.failed), now: Self.now, keepFailed: day) == nil, "kept for resume")
        #expect(TempSweepTask.reason(toRemove: job(.failed, finishedHoursAgo: 25), now: Self.now, keepFailed: day)?.hasPrefix("its job FAILED at ") == true)
        #expect(TempSweepTask.reason(toRemove: job(.failed), now: Self.now, keepFailed: 0) != nil)
        for state in [JobState.queued, .downloading, .downloaded, .dubbing, .muxing, .processing, .paused] {
            #expect(TempSweepTask.reason(toRemove: job(state), now: Self.now, keepFailed: 0) == nil, "\(state) keeps its folder")
        }
    }

    @Test("the maintenance catalog refuses nothing well formed and finds tasks by name")
    func catalog() {
        #expect(MaintenanceCatalog.isWellFormed("temp-sweep") && MaintenanceCatalog.isWellFormed("s3-abort-uploads"))
        #expect(!MaintenanceCatalog.isWellFormed("Temp Sweep") && !MaintenanceCatalog.isWellFormed(""))
        let report = MaintenanceReport(task: "t", dryRun: true, actions: [MaintenanceAction(message: "m", bytes: 2_048)])
        #expect(report.summary == "t (dry run): 1 action(s), 2.0 KiB")
        #expect(MaintenanceReport(task: "t", dryRun: false).summary == "t: nothing to do")
    }
}
