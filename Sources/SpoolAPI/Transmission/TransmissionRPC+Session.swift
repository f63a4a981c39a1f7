import Foundation
import SpoolCore

extension TransmissionRPC {
    /// `session-get`: the session as Transmission describes it, mapped onto Spool's settings
    /// (`download-dir` is the library, `download-queue-size` the download concurrency). With
    /// `fields`, only those keys.
    ///
    /// `rpc-version` is 17 in the legacy form and 18 (`rpc-version-semver` 6.0.0) in JSON-RPC 2.0,
    /// the versions that introduced each form.
    func sessionGet(_ arguments: [String: JSONValue], snakeCase: Bool) -> [String: JSONValue] {
        var session: [String: JSONValue] = [
            "version": .string(configuration.version),
            "rpc-version": .integer(snakeCase ? 18 : 17),
            "rpc-version-minimum": .integer(1),
            "rpc-version-semver": .string(snakeCase ? "6.0.0" : "5.3.0"),
            "session-id": .string(sessionID),
            "config-dir": .string(""),
            "download-dir": .string(libraryRoot ?? ""),
            "incomplete-dir": .string(""),
            "incomplete-dir-enabled": .bool(false),
            "download-queue-enabled": .bool(true),
            "download-queue-size": .integer(Int64(configuration.downloadConcurrency)),
            "seed-queue-enabled": .bool(false),
            "seed-queue-size": .integer(0),
            "queue-stalled-enabled": .bool(true),
            "queue-stalled-minutes": .integer(2),
            "start-added-torrents": .bool(true),
            "trash-original-torrent-files": .bool(false),
            "rename-partial-files": .bool(true),
            "peer-port": .integer(0),
            "peer-limit-global": .integer(0),
            "peer-limit-per-torrent": .integer(0),
            "port-forwarding-enabled": .bool(false),
            "dht-enabled": .bool(false),
            "pex-enabled": .bool(false),
            "lpd-enabled": .bool(false),
            "utp-enabled": .bool(false),
            "encryption": .string("preferred"),
            "cache-size-mb": .integer(0),
            "blocklist-enabled": .bool(false),
            "blocklist-size": .integer(0),
            "blocklist-url": .string(""),
            "speed-limit-down": .integer(0),
            "speed-limit-down-enabled": .bool(false),
            "speed-limit-up": .integer(0),
            "speed-limit-up-enabled": .bool(false),
            "alt-speed-enabled": .bool(false),
            "alt-speed-down": .integer(0),
            "alt-speed-up": .integer(0),
            "alt-speed-time-enabled": .bool(false),
            "alt-speed-time-begin": .integer(0),
            "alt-speed-time-end": .integer(0),
            "alt-speed-time-day": .integer(127),
            "seedRatioLimit": .number(0),
            "seedRatioLimited": .bool(false),
            "idle-seeding-limit": .integer(0),
            "idle-seeding-limit-enabled": .bool(false),
            "script-torrent-done-enabled": .bool(false),
            "script-torrent-done-filename": .string(""),
            "units": .object([
                "speed-units": .array(["B/s", "kB/s", "MB/s", "GB/s", "TB/s"].map(JSONValue.string)),
                "speed-bytes": .integer(1000),
                "size-units": .array(["B", "kB", "MB", "GB", "TB"].map(JSONValue.string)),
                "size-bytes": .integer(1000),
                "memory-units": .array(["B", "KiB", "MiB", "GiB", "TiB"].map(JSONValue.string)),
                "memory-bytes": .integer(1024),
            ]),
        ]
        if let root = libraryRoot, let free = (try? FileManager.default.attributesOfFileSystem(forPath: root))?[.systemFreeSize] as? NSNumber {
            // Deprecated by Transmission, still read by older remotes.
            session["download-dir-free-space"] = .integer(free.int64Value)
        }
        if let fields = arguments["fields"]?.arrayValue?.compactMap(\.stringValue), !fields.isEmpty {
            let wanted = Set(fields.map(TransmissionNames.snakeCase))
            session = session.filter { wanted.contains(TransmissionNames.snakeCase($0.key)) }
        }
        return session
    }

    /// `session-set`: Spool's settings come from its configuration and cannot change at run time,
    /// so every key is accepted and nothing changes (a `session-get` shows what applies).
    func sessionSet(_ arguments: [String: JSONValue]) throws -> [String: JSONValue] {
        [:]
    }

    /// `session-stats`: job counts and speeds; the byte counters are the sizes of the jobs in
    /// the store. Spool keeps no lifetime counters apart from its jobs, so `cumulative-stats`
    /// equals `current-stats` (one session, active since this process started).
    func sessionStats() async throws -> [String: JSONValue] {
        let jobs = try await allJobs()
        var downloaded: Int64 = 0
        var speed: Int64 = 0
        var active = 0
        var paused = 0
        let media = try await downloadedMedia(of: jobs)
        for job in jobs {
            let torrent = TransmissionTorrent(job: job, media: media[job.id], libraryRoot: libraryRoot)
            downloaded += torrent.sizeWhenDone - torrent.leftUntilDone
            speed += torrent.rateDownload
            if job.state.isRunning { active += 1 }
            if job.state == .paused { paused += 1 }
        }
        let stats: JSONValue = .object([
            "uploadedBytes": .integer(0),
            "downloadedBytes": .integer(downloaded),
            "filesAdded": .integer(Int64(jobs.count)),
            "sessionCount": .integer(1),
            "secondsActive": .integer(Int64(max(0, service.clock.now.timeIntervalSince(startedAt)).rounded(.down))),
        ])
        return [
            "activeTorrentCount": .integer(Int64(active)),
            "pausedTorrentCount": .integer(Int64(paused)),
            "torrentCount": .integer(Int64(jobs.count)),
            "downloadSpeed": .integer(speed),
            "uploadSpeed": .integer(0),
            "current-stats": stats,
            "cumulative-stats": stats,
        ]
    }

    /// `free-space`: free and total bytes of the volume holding `path` (an existing folder).
    func freeSpace(_ arguments: [String: JSONValue]) throws -> [String: JSONValue] {
        guard let path = arguments["path"]?.stringValue, !path.isEmpty else {
            throw TransmissionError.invalidParams("directory path argument is missing")
        }
        guard path.hasPrefix("/") else { throw TransmissionError.invalidParams("path is not absolute") }
        let attributes: [FileAttributeKey: Any]
        do {
            attributes = try FileManager.default.attributesOfFileSystem(forPath: path)
        } catch {
            throw TransmissionError.refused("no such directory: \(path.prefix(256))")
        }
        let free = (attributes[.systemFreeSize] as? NSNumber)?.int64Value ?? -1
        let total = (attributes[.systemSize] as? NSNumber)?.int64Value ?? -1
        return ["path": .string(path), "size-bytes": .integer(free), "total_size": .integer(total)]
    }
}
