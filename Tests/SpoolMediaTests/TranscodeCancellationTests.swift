import Foundation
import SpoolCore
import SpoolMedia
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// A running transcode: its ffmpeg runs at a lower CPU priority, and cancelling it kills ffmpeg and
/// leaves nothing behind.
@Suite("Transcode cancellation and priority")
struct TranscodeCancellationTests {
    /// A 1080p HEVC encode at x265's `medium` preset: slow enough here to be caught running.
    static func slowRequest(label: String = #function) async throws -> TranscodeRequest {
        let source = try await TranscodeClips.dubbed1080p()
        let work = try MediaTestSupport.makeWorkDirectory(label)
        let profile = ProcessingProfile(name: "slow", quality: .p1080, codec: .hevc, preset: .medium)
        let plan = TranscodePlan(mode: .encode, container: .mkv)
        return TranscodeRequest(source: source, output: work + "/slow.mkv", workDirectory: work, plan: plan, profile: profile, duration: 3)
    }

    /// Starts `request` and waits until its ffmpeg has reported progress; returns the task and ffmpeg's pid.
    static func start(_ request: TranscodeRequest, with transcoder: FFmpegTranscoder) async throws -> (Task<Void, any Error>, Int32) {
        let log = TranscodeProgressLog()
        let task = Task { _ = try await transcoder.transcode(request) { await log.add($0) } }
        try await YtDlpCancellationTests.wait(timeout: .seconds(30)) { !transcoder.runningProcessIDs.isEmpty }
        let processID = try #require(transcoder.runningProcessIDs.first)
        let deadline = ContinuousClock.now + .seconds(30)
        while await log.values.isEmpty, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(50))
        }
        return (task, processID)
    }

    /// The nice value of every thread of `processID` by thread id, from `/proc/<pid>/task/*/stat`.
    static func threadNiceness(of processID: Int32) -> [Int32: Int32] {
        let threads = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(processID)/task")) ?? []
        var values: [Int32: Int32] = [:]
        for thread in threads.compactMap(Int32.init) {
            guard let stat = try? String(contentsOfFile: "/proc/\(processID)/task/\(thread)/stat", encoding: .utf8),
                  let close = stat.lastIndex(of: ")")
            else { continue }
            // After "pid (comm)": state ppid pgrp session tty tpgid flags minflt cminflt majflt
            // cmajflt utime stime cutime cstime priority nice …
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            if fields.count > 16, let nice = Int32(fields[16]) { values[thread] = nice }
        }
        return values
    }

    @Test("ffmpeg and every thread it started run at nice 10 or lower priority; niceness 0 leaves ffmpeg at ours")
    func niceness() async throws {
        let own = getpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0)
        try #require(own < 10, "the test process itself must run below nice 10 for this to mean anything")

        let lowered = FFmpegTranscoder()
        #expect(lowered.niceness == 10)
        let (task, processID) = try await Self.start(try await Self.slowRequest(), with: lowered)
        let values = Self.threadNiceness(of: processID)
        task.cancel()
        _ = try? await task.value
        #expect(values.count > 1, "x265 and the decoder run threads")
        #expect(values[processID] == 10, "ffmpeg's main thread: \(values)")
        // x265 lowers a few of its own threads further, relative to what they inherited.
        #expect(values.values.allSatisfy { $0 >= 10 }, "every thread inherited at least 10: \(values)")

        let unchanged = FFmpegTranscoder(niceness: 0)
        let (second, secondID) = try await Self.start(try await Self.slowRequest(label: "niceness0"), with: unchanged)
        let secondValues = Self.threadNiceness(of: secondID)
        second.cancel()
        _ = try? await second.value
        #expect(secondValues[secondID] == own, "\(secondValues)")
        #expect(secondValues.values.contains { $0 < 10 }, "\(secondValues)")
    }

    @Test("cancelling mid-encode kills ffmpeg's process group and removes the partial file")
    func cancellation() async throws {
        let request = try await Self.slowRequest()
        let transcoder = FFmpegTranscoder(FFmpeg(killGrace: .seconds(2)))
        let (task, processID) = try await Self.start(request, with: transcoder)
        let partial = FFmpegTranscoder.partialPath(for: request.output, container: .mkv)
        #expect(MediaTestSupport.processExists(processID))
        try await YtDlpCancellationTests.wait(timeout: .seconds(20)) { FileManager.default.fileExists(atPath: partial) }

        task.cancel()
        await #expect(throws: CancellationError.self) { try await task.value }
        #expect(!MediaTestSupport.processExists(processID), "ffmpeg is gone")
        #expect(MediaTestSupport.members(ofProcessGroup: processID).isEmpty)
        #expect(transcoder.runningProcessIDs.isEmpty)
        #expect(try FileManager.default.contentsOfDirectory(atPath: request.workDirectory).isEmpty, "no partial file, no output")
    }
}
