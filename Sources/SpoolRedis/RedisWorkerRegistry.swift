import Foundation
import Logging
import RESP
import SpoolCore

/// What a worker says about itself in each heartbeat.
public struct WorkerHeartbeat: Sendable, Codable, Hashable {
    /// The worker's id (stable across restarts when configured so).
    public var id: String
    /// The stages it consumes (`download`, `dub`, …).
    public var stages: [String]
    /// Host name.
    public var host: String
    /// Process id.
    public var pid: Int32
    /// When the process started.
    public var startedAt: Date
    /// Jobs running there now.
    public var runningJobs: [JobID]

    /// Creates a heartbeat.
    public init(id: String, stages: [String], host: String = ProcessInfo.processInfo.hostName, pid: Int32 = ProcessInfo.processInfo.processIdentifier, startedAt: Date, runningJobs: [JobID] = []) {
        self.id = id
        self.stages = stages
        self.host = host
        self.pid = pid
        self.startedAt = startedAt
        self.runningJobs = runningJobs
    }
}

/// Live workers: each writes its ``WorkerHeartbeat`` to `<prefix>worker:<id>` with a time to live
/// every few seconds (``run(every:ttl:heartbeat:)``); a gateway lists the keys still alive
/// (``liveWorkers()``) for `/healthz` and metrics. A worker that dies vanishes when its key expires.
public struct RedisWorkerRegistry: Sendable {
    private let client: any RedisClient
    private let keyPrefix: String
    private let logger: Logger

    /// Creates a registry under `keyPrefix`.
    public init(client: any RedisClient, keyPrefix: String = "spool:", logger: Logger = Logger(label: "spool.redis.workers")) {
        self.client = client
        self.keyPrefix = keyPrefix
        self.logger = logger
    }

    private var index: String { keyPrefix + "workers" }
    private func key(_ id: String) -> String { keyPrefix + "worker:" + id }

    /// Writes one heartbeat that lives for `ttl`.
    public func beat(_ heartbeat: WorkerHeartbeat, ttl: Duration) async throws {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        let json = String(decoding: try encoder.encode(heartbeat), as: UTF8.self)
        let milliseconds = Int(RedisQueueDriver.microseconds(ttl) / 1000)
        _ = try await client.transaction([
            RedisCommand("SET", key(heartbeat.id), json, "PX", max(milliseconds, 1)),
            RedisCommand("SADD", index, heartbeat.id),
        ])
    }

    /// Removes the worker at once (graceful shutdown).
    public func remove(id: String) async throws {
        _ = try await client.transaction([RedisCommand("DEL", key(id)), RedisCommand("SREM", index, id)])
    }

    /// Workers whose last heartbeat has not expired, by id; forgets the expired ones.
    public func liveWorkers() async throws -> [WorkerHeartbeat] {
        let ids = (try await client.send("SMEMBERS", index).array ?? []).compactMap(\.string).sorted()
        guard !ids.isEmpty else { return [] }
        let values = try await client.send(RedisCommand("MGET", ids.map(key))).array ?? []
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        var live: [WorkerHeartbeat] = []
        var gone: [String] = []
        for (id, value) in zip(ids, values) {
            if let text = value.string, let heartbeat = try? decoder.decode(WorkerHeartbeat.self, from: Data(text.utf8)) {
                live.append(heartbeat)
            } else {
                gone.append(id)
            }
        }
        if !gone.isEmpty { try await client.send(RedisCommand("SREM", [index] + gone)) }
        return live
    }

    /// Beats every `interval` (the key lives `ttl`, e.g. three intervals) until cancelled, then
    /// removes the worker. A failed beat is logged and retried at the next interval.
    public func run(every interval: Duration = .seconds(5), ttl: Duration = .seconds(15), heartbeat: @Sendable () -> WorkerHeartbeat) async {
        let id = heartbeat().id
        while !Task.isCancelled {
            do {
                try await beat(heartbeat(), ttl: ttl)
            } catch {
                logger.warning("heartbeat failed", metadata: ["worker.id": "\(id)", "error": "\(error)"])
            }
            try? await Task.sleep(for: interval)
        }
        try? await remove(id: id)
    }
}
