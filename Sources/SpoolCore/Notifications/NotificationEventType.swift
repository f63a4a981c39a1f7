/// What a notification (a webhook delivery, a done-script run, an Apprise message) is about.
///
/// The raw values are the `type` of a Standard Webhooks body (`job.completed`, …).
public enum NotificationEventType: String, Sendable, Codable, CaseIterable, Hashable {
    /// A job was added.
    case jobAdded = "job.added"
    /// A job entered DOWNLOADING for the first time.
    case jobStarted = "job.started"
    /// A job reached COMPLETE.
    case jobCompleted = "job.completed"
    /// A job reached FAILED (automatic retries used up, or a permanent error).
    case jobFailed = "job.failed"
    /// A job was deleted (by a user or by the retention).
    case jobRemoved = "job.removed"
    /// A check of a followed source queued new videos: one digest per check.
    case sourceNewMedia = "source.new_media"
    /// The PROCESSING stage (transcode) of a job finished.
    case postprocessCompleted = "postprocess.completed"
    /// A job failed in the PROCESSING stage.
    case postprocessFailed = "postprocess.failed"
    /// A job's files were uploaded to object storage (UPLOADING finished).
    case storageUploaded = "storage.uploaded"
    /// A queue stopped claiming new work: the download queue, because the media volume is full.
    case queuePaused = "queue.paused"
    /// A paused queue goes on (space returned on the media volume).
    case queueResumed = "queue.resumed"
    /// A test message sent on request (`POST /api/webhooks/{id}/test`); never sent by itself.
    case test = "test"

    /// Every type a subscription can ask for (all but ``test``).
    public static let subscribable: [NotificationEventType] = allCases.filter { $0 != .test }

    /// Parses a comma- or space-separated list (`all` or `*` for every type).
    ///
    /// - Returns: nil for "all", else the set named.
    /// - Throws: ``SpoolError`` `.invalidInput` naming an unknown type.
    public static func parseList(_ text: String) throws -> Set<NotificationEventType>? {
        let names = text.split(whereSeparator: { $0 == "," || $0 == " " }).map(String.init)
        if names.isEmpty || names.contains("all") || names.contains("*") { return nil }
        return Set(try names.map(parse))
    }

    /// The type named `name`.
    ///
    /// - Throws: ``SpoolError`` `.invalidInput` listing the known names.
    public static func parse(_ name: String) throws -> NotificationEventType {
        guard let type = NotificationEventType(rawValue: name), type != .test else {
            throw SpoolError(.invalidInput, "unknown event '\(name.prefix(40))'; known events: \(subscribable.map(\.rawValue).joined(separator: ", "))")
        }
        return type
    }
}
