import Foundation

/// Turns durable events into notifications: which types an event stands for, and the message of
/// each. Pure: the caller looks the job up and says whether it had started before.
///
/// | event | notification |
/// |---|---|
/// | `job_added` | `job.added` |
/// | `state_change` to DOWNLOADING, the first time | `job.started` |
/// | `state_change` to COMPLETE / FAILED | `job.completed` / `job.failed` |
/// | `state_change` from PROCESSING, the stage finished / to FAILED | `postprocess.completed` / `postprocess.failed` |
/// | `state_change` from UPLOADING to COMPLETE | `storage.uploaded` |
/// | `job_removed` | `job.removed` |
/// | `notification` of kind `source.new_media` (a source check's digest) | `source.new_media` |
/// | `notification` of kind `queue.paused` / `queue.resumed` (a full disk) | `queue.paused` / `queue.resumed` |
public enum NotificationMapping {
    /// The notification types `event` stands for, in the order they happened.
    ///
    /// - Parameters:
    ///   - job: The job as stored now (nil when it is gone).
    ///   - startedBefore: Whether the job entered DOWNLOADING before this event.
    public static func types(of event: JobEvent, job: Job?, startedBefore: Bool) -> [NotificationEventType] {
        switch event.type {
        case .jobAdded: return [.jobAdded]
        case .jobRemoved: return [.jobRemoved]
        case .notification:
            guard let kind = event.payload["type"]?.stringValue.flatMap(NotificationEventType.init),
                  [.sourceNewMedia, .queuePaused, .queueResumed].contains(kind)
            else { return [] }
            return [kind]
        case .stateChange:
            guard let from = event.payload["from"]?.stringValue.flatMap(JobState.init), let to = event.payload["to"]?.stringValue.flatMap(JobState.init) else {
                return []
            }
            var types: [NotificationEventType] = []
            let interrupted: Set<JobState> = [.failed, .paused, .canceled, .queued]
            if to == .downloading, !startedBefore { types.append(.jobStarted) }
            if from == .processing {
                if to == .failed {
                    types.append(.postprocessFailed)
                } else if !interrupted.contains(to), to == .complete || job?.finishedStages.contains(.process) == true {
                    types.append(.postprocessCompleted)
                }
            }
            if from == .uploading, to == .complete { types.append(.storageUploaded) }
            if to == .complete { types.append(.jobCompleted) }
            if to == .failed { types.append(.jobFailed) }
            return types
        case .progress, .log, .error:
            return []
        }
    }

    /// The message of `type` for `event`, with the job's summary (or the digest) as data.
    public static func message(_ type: NotificationEventType, for event: JobEvent, job: Job?) -> NotificationMessage {
        if type == .sourceNewMedia {
            let payload = event.payload
            let source = payload["sourceId"]?.intValue.map(Int64.init)
            return NotificationMessage(type: type, eventID: event.id, jobID: nil, sourceID: source, timestamp: event.timestamp, data: .object([
                "sourceId": .integer(source),
                "sourceName": payload["sourceName"] ?? .null,
                "count": payload["count"] ?? .integer(0),
                "titles": payload["titles"] ?? .array([]),
            ]))
        }
        if type == .queuePaused || type == .queueResumed {
            let payload = event.payload
            return NotificationMessage(type: type, eventID: event.id, jobID: nil, sourceID: nil, timestamp: event.timestamp, data: .object([
                "queue": payload["queue"] ?? .null,
                "reason": payload["message"] ?? .null,
                "freeBytes": payload["freeBytes"] ?? .null,
            ]))
        }
        var data = job.map(summary) ?? .object([:])
        if case .object(var members) = data, let id = event.jobId {
            members["id"] = .string(id.rawValue)
            if job == nil {
                // A removed job: what the event kept.
                members["title"] = event.payload["title"] ?? .null
                members["reason"] = event.payload["reason"] ?? .null
                members["url"] = event.payload["url"] ?? .null
            }
            if type == .jobRemoved, let reason = event.payload["reason"] { members["reason"] = reason }
            data = .object(members)
        }
        return NotificationMessage(
            type: type, eventID: event.id, jobID: event.jobId, sourceID: job?.options.archive?.sourceID, timestamp: event.timestamp, data: data
        )
    }

    /// A job's summary: `id`, `url`, `title`, `state`, `file`, `tags`, `priority`, `sourceId`,
    /// `storage`, `error` (code, message, stage), `createdAt`, `finishedAt`.
    public static func summary(of job: Job) -> JSONValue {
        var members: [String: JSONValue] = [
            "id": .string(job.id.rawValue),
            "url": .string(job.options.url),
            "title": .string(job.title),
            "state": .string(job.state.rawValue),
            "file": .string(job.outputPath),
            "tags": .array(job.options.tags.map { .string($0) }),
            "priority": .string(job.options.priority.rawValue),
            "sourceId": .integer(job.options.archive?.sourceID),
            "storage": .string(job.options.storage),
            "createdAt": .string(NotificationMessage.iso8601(job.createdAt)),
            "finishedAt": .string(job.finishedAt.map(NotificationMessage.iso8601)),
        ]
        if let failure = job.failure {
            members["error"] = .object([
                "code": .string(failure.code), "message": .string(String(failure.message.prefix(4_000))), "stage": .string(failure.stage?.rawValue),
            ])
        }
        return .object(members)
    }

    /// A test message: a made-up job summary, so a receiver sees the usual shape.
    public static func testMessage(at time: Date) -> NotificationMessage {
        NotificationMessage(type: .test, eventID: nil, jobID: nil, sourceID: nil, timestamp: time, data: .object([
            "message": .string("a test notification from Spool"),
        ]))
    }
}

extension JobEvent {
    /// The digest of one source check that queued new videos: a `notification` event of kind
    /// `source.new_media` with `sourceId`, `sourceName`, `count` and up to 50 `titles`.
    public static func sourceNewMedia(sourceID: Int64, sourceName: String, titles: [String], count: Int, at time: Date = Date()) -> JobEvent {
        var event = JobEvent.notification(
            nil, kind: NotificationEventType.sourceNewMedia.rawValue, title: "New media from \(sourceName)",
            message: "\(count) new item\(count == 1 ? "" : "s") for \(sourceName)", severity: .info, at: time
        )
        if case .object(var members) = event.payload {
            members["sourceId"] = .integer(sourceID)
            members["sourceName"] = .string(sourceName)
            members["count"] = .integer(Int64(count))
            members["titles"] = .array(titles.prefix(50).map { .string(String($0.prefix(200))) })
            event.payload = .object(members)
        }
        return event
    }

    /// A queue paused: a `notification` event of kind `queue.paused` (no job) with `queue` and
    /// `freeBytes`; its message says why and what resumes it.
    public static func queuePaused(_ pause: QueuePause, at time: Date = Date()) -> JobEvent {
        let free = pause.freeBytes.map { ", \(ByteCount.format($0)) free" } ?? ""
        let message = "\(pause.reason)\(free): new downloads wait until \(ByteCount.format(pause.resumeAtBytes)) is free on the media volume (MIN_FREE_SPACE)"
        // `reason` and `resumeAtBytes`: what another process needs to report the pause (QueuePauses.note(_:)).
        return queueEvent(
            .queuePaused, title: "Downloads paused: the disk is full", message: message, queue: pause.queue, freeBytes: pause.freeBytes,
            severity: .error, at: time, extra: ["reason": .string(pause.reason), "resumeAtBytes": .integer(pause.resumeAtBytes)]
        )
    }

    /// A paused queue resumed: a `notification` event of kind `queue.resumed` with `queue` and `freeBytes`.
    public static func queueResumed(_ queue: String, freeBytes: Int64, at time: Date = Date()) -> JobEvent {
        let message = "\(ByteCount.format(freeBytes)) free on the media volume; the queued downloads go on"
        return queueEvent(.queueResumed, title: "Downloads resumed", message: message, queue: queue, freeBytes: freeBytes, severity: .info, at: time)
    }

    private static func queueEvent(
        _ type: NotificationEventType, title: String, message: String, queue: String, freeBytes: Int64?, severity: LogLevel, at time: Date,
        extra: [String: JSONValue] = [:]
    ) -> JobEvent {
        var event = JobEvent.notification(nil, kind: type.rawValue, title: title, message: message, severity: severity, at: time)
        if case .object(var members) = event.payload {
            members["queue"] = .string(queue)
            members["freeBytes"] = .integer(freeBytes)
            members.merge(extra) { _, added in added }
            event.payload = .object(members)
        }
        return event
    }
}
