import Foundation
import Logging
import ServiceLifecycle
import SpoolAPI
import SpoolCore
import SpoolQueue
import SpoolSQLite
import SpoolStorage
import SpoolTesting
import SpoolWorker
import Synchronization
import Testing

extension EndToEnd {
    /// The real `spool` binary as a client of an API served in this process over SQLite stores, with
    /// hardware encoders from a fixed report.
    @Suite("Processing command line")
    struct ProcessingCommandLine {
        /// Answers a fixed report (the test host's ffmpeg: NVENC compiled in, no GPU) and counts detections.
        final class FixedDetector: HardwareEncoderDetector {
            private let count = Mutex(0)

            var detections: Int { count.withLock { $0 } }

            func detect() async -> HardwareReport {
                count.withLock { $0 += 1 }
                return HardwareReport(checkedAt: Date(), encoders: [
                    HardwareEncoderStatus(name: "hevc_nvenc", codec: .hevc, api: .nvenc, works: false, error: "Cannot load libcuda.so.1", seconds: 0.05),
                ])
            }
        }

        @Test("spool processing ls, set, show and rm, spool hw and spool add --process drive the processing API")
        func processing() async throws {
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("spool-processing-cli-\(UUID().uuidString.prefix(8))")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: folder) }
            var logger = Logger(label: "spool.test.processing-cli")
            logger.logLevel = .warning
            let database = try SQLiteDatabase.open(path: folder.appendingPathComponent("spool.db").path, logger: logger)
            let profiles = SQLiteProcessingProfileStore(database: database)
            let jobStore = SQLiteJobStore(database: database)
            let auth = SQLiteAuthStore(database: database)
            let driver = MemoryQueueDriver()
            let paths = MediaPaths(mediaRoot: folder.appendingPathComponent("media").path)
            try paths.createDirectories()
            let jobs = JobService(store: jobStore, scheduler: QueueScheduler(driver: driver), events: EventHub(),
                                  control: RunningJobs(), files: LocalMediaStorage(paths: paths))
            let detector = FixedDetector()
            let dependencies = APIDependencies(
                jobService: jobs, auth: auth, queueDriver: driver,
                health: { HealthReport(uptime: 1, dependencies: .init(database: .ok, queue: .ok, filesystem: .ok, tools: [:])) },
                configuration: .init(bcryptCost: 4),
                processingProfiles: ProcessingProfiles(store: profiles), hardware: HardwareEncoders(detector: detector)
            )
            _ = try await createUser(auth: auth, username: "alice", password: "password-alice", role: .admin, bcryptCost: 4)
            let token = try await createAPIToken(auth: auth, username: "alice", name: "cli")
            let (ports, port) = AsyncStream.makeStream(of: Int.self)
            let application = buildApplication(dependencies, host: "127.0.0.1", port: 0, logger: logger) { port.yield($0) }
            let services = ServiceGroup(services: [application], gracefulShutdownSignals: [], logger: logger)

            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await services.run() }
                var listening = ports.makeAsyncIterator()
                let server = "http://127.0.0.1:\(try #require(await listening.next()))"
                func spool(_ arguments: String...) async throws -> ChildRun.Result {
                    try await SourcesCommandLine.spool(arguments, server: server, token: token, home: folder)
                }

                let list = try await spool("processing", "ls")
                #expect(list.status == 0, "\(list.output)")
                let rows = list.output.split(separator: "\n")
                #expect(rows.count == 16 && rows.first?.hasPrefix("Name") == true, "\(list.output)")
                #expect(rows.contains { $0.hasPrefix("720p-hevc   720p     hevc   medium") && $0.hasSuffix("28  no   built-in") }, "\(list.output)")

                let created = try await spool("processing", "set", "phone", "--quality", "480p", "--codec", "h264", "--preset", "veryfast",
                                              "--target-size", "50", "--replace-original")
                #expect(created.status == 0 && created.output.hasPrefix("Saved processing profile 'phone'"), "\(created.output)")
                #expect(try await profiles.processingProfile(named: "phone")
                    == ProcessingProfile(name: "phone", quality: .p480, preset: .veryfast, targetSizeMB: 50, keepOriginal: false))

                let changed = try await spool("processing", "set", "phone", "--preset", "slow", "--gpu", "--audio", "aac", "--quality-metric", "psnr")
                #expect(changed.status == 0, "\(changed.output)")
                #expect(try await profiles.processingProfile(named: "phone") == ProcessingProfile(
                    name: "phone", quality: .p480, preset: .slow, audio: .aac, useGPU: true, targetSizeMB: 50, keepOriginal: false, qualityMetric: .psnr
                ), "options left out keep the current values")
                let cleared = try await spool("processing", "set", "phone", "--target-size", "none", "--level", "30", "--container", "mp4",
                                              "--quality-metric", "none", "--no-gpu", "--keep-original", "--no-copy-when-compliant", "--full-decode-check")
                #expect(cleared.status == 0, "\(cleared.output)")
                let stored = try #require(try await profiles.processingProfile(named: "phone"))
                #expect(stored.targetSizeMB == nil && stored.level == 30 && stored.container == .mp4 && stored.qualityMetric == nil)
                #expect(!stored.useGPU && stored.keepOriginal && !stored.copyWhenCompliant && stored.fullDecodeCheck && stored.preset == .slow)

                let shown = try await spool("processing", "show", "phone")
                #expect(shown.status == 0 && shown.output.contains("Name:           phone (stored)") && shown.output.contains("Level:          30"),
                        "\(shown.output)")
                let json = try await spool("processing", "show", "phone", "--json")
                #expect(json.status == 0 && json.output.contains(#""effectiveLevel" : 30"#), "\(json.output)")

                let badName = try await spool("processing", "set", "Phone")
                #expect(badName.status == 2, "a bad name is a usage error: \(badName.output)")
                let badLevel = try await spool("processing", "set", "phone", "--codec", "h264", "--level", "99")
                #expect(badLevel.status == 2 && badLevel.output.contains("level"), "\(badLevel.output)")

                let added = try await spool("add", "--process", "phone", "-q", "https://example.com/v/1")
                #expect(added.status == 0, "\(added.output)")
                let job = try #require(try await jobStore.job(JobID(added.output.trimmingCharacters(in: .whitespacesAndNewlines))))
                #expect(job.options.processing == stored)
                let unknown = try await spool("add", "--process", "nope", "https://example.com/v/2")
                #expect(unknown.status == 2 && unknown.output.contains("'nope'") && unknown.output.contains("spool processing ls"), "\(unknown.output)")

                let hardware = try await spool("hw")
                #expect(hardware.status == 0 && hardware.output.contains("  hevc_nvenc  nvenc  hevc  failed: Cannot load libcuda.so.1"), "\(hardware.output)")
                #expect(detector.detections == 1)
                let detected = try await spool("hw", "--detect", "--json")
                #expect(detected.status == 0 && detected.output.contains(#""works" : false"#), "\(detected.output)")
                #expect(detector.detections == 2)

                let removed = try await spool("processing", "rm", "phone")
                #expect(removed.status == 0 && removed.output.contains("Processing profile 'phone' removed"), "\(removed.output)")
                let missing = try await spool("processing", "rm", "phone")
                #expect(missing.status == 4, "not found exits with 4: \(missing.output)")
                #expect(try await spool("processing", "set", "720p-hevc", "--preset", "slow").status == 0)
                let restored = try await spool("processing", "rm", "720p-hevc")
                #expect(restored.status == 0 && restored.output.contains("restored to its defaults"), "\(restored.output)")
                #expect(try await profiles.processingProfiles().isEmpty)
                await services.triggerGracefulShutdown()
            }
        }
    }
}
