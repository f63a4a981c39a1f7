import Foundation
import SpoolMedia
import SpoolTesting
import Synchronization

/// Helpers for tests that run the real tools.
enum MediaTestSupport {
    /// A fresh absolute folder under the temporary directory, like `MEDIA_ROOT/tmp/<jobId>`.
    static func makeWorkDirectory(_ label: String = #function) throws -> String {
        let name = label.filter { $0.isLetter || $0.isNumber }
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("spool-media-tests", isDirectory: true)
            .appendingPathComponent("\(name)-\(UUID().uuidString.prefix(8))", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url.path
    }

    /// A stand-in for `ytdlp_helper.py` that fails the way a Python without yt_dlp does (exit 3,
    /// "cannot import yt_dlp"), for the fallback tests.
    static func brokenHelperScript(_ label: String = #function) throws -> String {
        let path = try makeWorkDirectory(label) + "/broken_helper.py"
        try Data("import sys\nprint('ERROR: cannot import yt_dlp: simulated', file=sys.stderr)\nsys.exit(3)\n".utf8)
            .write(to: URL(fileURLWithPath: path))
        return path
    }

    /// Files below `directory` whose names end with `suffix`.
    static func files(in directory: String, endingWith suffix: String) -> [String] {
        let paths = (try? FileManager.default.subpathsOfDirectory(atPath: directory)) ?? []
        return paths.filter { $0.hasSuffix(suffix) }.map { "\(directory)/\($0)" }
    }

    /// The size of the file at `path`.
    static func fileSize(_ path: String) throws -> Int64 {
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        return (attributes[.size] as? NSNumber)?.int64Value ?? 0
    }

    /// Whether `/proc/<pid>` exists (a zombie still has one; a reaped process does not).
    static func processExists(_ pid: Int32) -> Bool {
        FileManager.default.fileExists(atPath: "/proc/\(pid)")
    }

    /// Live processes whose process group is `group`, read from `/proc/*/stat`.
    ///
    /// Zombies are left out: a killed grandchild is re-parented to PID 1, and reaping it is init's
    /// job (in some containers PID 1 never does).
    static func members(ofProcessGroup group: Int32) -> [Int32] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap(Int32.init).filter { pid in
            guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
                  let close = stat.lastIndex(of: ")")
            else { return false }
            // After "pid (comm)": state ppid pgrp …
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            return fields.count > 2 && fields[0] != "Z" && Int32(fields[2]) == group
        }
    }
}

/// Collects events from a download.
final class EventLog: Sendable {
    private let events = Mutex<[YtDlpEvent]>([])

    /// Records one event.
    func record(_ event: YtDlpEvent) {
        events.withLock { $0.append(event) }
    }

    /// All progress reports, in order.
    var progress: [DownloadProgress] {
        events.withLock { $0 }.compactMap { if case .progress(let value) = $0 { value } else { nil } }
    }

    /// All log lines, in order.
    var logs: [String] {
        events.withLock { $0 }.compactMap { if case .log(let line) = $0 { line } else { nil } }
    }
}

/// Runs `body` with a ``MediaServer`` for `directory`; always shuts it down.
func withMediaServer<T>(
    _ directory: URL,
    bytesPerSecond: Int? = nil,
    _ body: (MediaServer) async throws -> T
) async throws -> T {
    let server = try await MediaServer.start(directory: directory, bytesPerSecond: bytesPerSecond)
    do {
        let result = try await body(server)
        try await server.shutdown()
        return result
    } catch {
        try? await server.shutdown()
        throw error
    }
}

/// Runs `body` with a ``YtDlp``; always shuts it down (so no spare helper outlives the test).
func withYtDlp<T>(
    _ configuration: YtDlp.Configuration = YtDlp.Configuration(),
    _ body: (YtDlp) async throws -> T
) async throws -> T {
    let ytDlp = YtDlp(configuration: configuration)
    do {
        let result = try await body(ytDlp)
        await ytDlp.shutdown()
        return result
    } catch {
        await ytDlp.shutdown()
        throw error
    }
}

/// Waits (up to 60 s: a busy machine starts Python slowly) until `ytDlp` has a spawned spare helper and returns its process id.
func waitForSpare(_ ytDlp: YtDlp) async throws -> Int32? {
    let deadline = ContinuousClock.now + .seconds(60)
    while ContinuousClock.now < deadline {
        if let spare = await ytDlp.spareProcessID { return spare }
        try await Task.sleep(for: .milliseconds(20))
    }
    return nil
}
