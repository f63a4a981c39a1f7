import Foundation

/// Event kinds from seed 002's WebSocket API.
public enum EventType: String, Sendable, Codable, CaseIterable, Hashable {
    case progress
    case stateChange = "state_change"
    case log
    case notification
    case jobAdded = "job_added"
    case jobRemoved = "job_removed"
    case error

    /// Durable events are persisted before they are published and can be replayed by id;
    /// progress is ephemeral and may be coalesced or dropped.
    public var isDurable: Bool { self != .progress }

    /// The seed's Redis channel for the event (`events:progress`, `events:state`, …).
    public var channel: String {
        switch self {
        case .progress: "events:progress"
        case .stateChange, .jobAdded, .jobRemoved, .notification: "events:state"
        case .log: "events:log"
        case .error: "events:error"
        }
    }
}

/// The seed envelope `{id, jobId, type, timestamp, payload}`.
///
/// `id` increases monotonically across all durable events so a client can resume a stream.
/// Progress events carry the id of the latest durable event they follow (they are not stored).
public struct JobEvent: Sendable, Codable, Hashable {
    /// Position in the durable event log (0 for events not yet stored).
    public var id: Int64
    /// The job the event is about; nil for system notifications.
    public var jobId: JobID?
    /// Kind of event.
    public var type: EventType
    /// When it happened.
    public var timestamp: Date
    /// Kind-specific body.
    public var payload: JSONValue

    /// Creates an event.
    public init(id: Int64 = 0, jobId: JobID?, type: EventType, timestamp: Date = Date(), payload: JSONValue) {
        self.id = id
        self.jobId = jobId
        self.type = type
        self.timestamp = timestamp
        self.payload = payload
    }
}

/// Severity of a log event.
public enum LogLevel: String, Sendable, Codable, CaseIterable, Comparable {
    case debug, info, warning, error

    private var rank: Int { LogLevel.allCases.firstIndex(of: self)! }

    /// Orders by severity.
    public static func < (lhs: LogLevel, rhs: LogLevel) -> Bool { lhs.rank < rhs.rank }
}

extension JobEvent {
    /// A `state_change` event `{from, to, reason?}`.
    public static func stateChange(_ id: JobID, from: JobState, to: JobState, reason: String? = nil, at time: Date = Date()) -> JobEvent {
        var payload: [String: JSONValue] = ["from": .string(from.rawValue), "to": .string(to.rawValue)]
        if let reason { payload["reason"] = .string(reason) }
        return JobEvent(jobId: id, type: .stateChange, timestamp: time, payload: .object(payload))
    }

    /// A `log` event `{level, message, stage?}`.
    public static func log(_ id: JobID, _ level: LogLevel, _ message: String, stage: Stage? = nil, at time: Date = Date()) -> JobEvent {
        var payload: [String: JSONValue] = ["level": .string(level.rawValue), "message": .string(message)]
        if let stage { payload["stage"] = .string(stage.rawValue) }
        return JobEvent(jobId: id, type: .log, timestamp: time, payload: .object(payload))
    }

    /// An `error` event `{code, message, stage?}`.
    public static func error(_ id: JobID?, code: String, message: String, stage: Stage? = nil, at time: Date = Date()) -> JobEvent {
        var payload: [String: JSONValue] = ["code": .string(code), "message": .string(message)]
        if let stage { payload["stage"] = .string(stage.rawValue) }
        return JobEvent(jobId: id, type: .error, timestamp: time, payload: .object(payload))
    }

    /// A `progress` event `{stage, percent, downloadedBytes, totalBytes, speed, eta}`, with
    /// `fps` and `speedFactor` when an encode reports them.
    public static func progress(_ id: JobID, _ progress: JobProgress, at time: Date = Date()) -> JobEvent {
        var payload: [String: JSONValue] = [
            "stage": .string(progress.stage?.rawValue),
            "percent": .number(progress.percent),
            "downloadedBytes": .integer(progress.downloadedBytes),
            "totalBytes": .integer(progress.totalBytes),
            "speed": .number(progress.speed),
            "eta": .number(progress.eta),
        ]
        if let fps = progress.fps { payload["fps"] = .number(fps) }
        if let factor = progress.speedFactor { payload["speedFactor"] = .number(factor) }
        return JobEvent(jobId: id, type: .progress, timestamp: time, payload: .object(payload))
    }

    /// A `job_added` event `{url, status, title?}`.
    public static func jobAdded(_ job: Job, at time: Date = Date()) -> JobEvent {
        JobEvent(jobId: job.id, type: .jobAdded, timestamp: time, payload: .object([
            "url": .string(job.options.url),
            "status": .string(job.state.rawValue),
            "priority": .string(job.options.priority.rawValue),
        ]))
    }

    /// A `job_removed` event `{reason?, title?, number?, ownerId?}`: `reason` says why when Spool
    /// removed the job by itself (the retention), and stays in the event log after the job and its
    /// own log are gone; `number` is the job's ``Job/number`` (Transmission remotes ask which ones
    /// went); `ownerId` its ``Job/ownerID`` (whose live streams may hear of it).
    public static func jobRemoved(
        _ id: JobID, reason: String? = nil, title: String? = nil, number: Int64? = nil, owner: Int64? = nil, at time: Date = Date()
    ) -> JobEvent {
        var payload: [String: JSONValue] = [:]
        if let owner { payload["ownerId"] = .integer(owner) }
        if let reason { payload["reason"] = .string(reason) }
        if let title { payload["title"] = .string(title) }
        if let number { payload["number"] = .integer(number) }
        return JobEvent(jobId: id, type: .jobRemoved, timestamp: time, payload: .object(payload))
    }

    /// A `notification` event `{type, title, message, severity}`.
    public static func notification(_ id: JobID?, kind: String, title: String, message: String, severity: LogLevel, at time: Date = Date()) -> JobEvent {
        JobEvent(jobId: id, type: .notification, timestamp: time, payload: .object([
            "type": .string(kind), "title": .string(title), "message": .string(message), "severity": .string(severity.rawValue),
        ]))
    }
}
