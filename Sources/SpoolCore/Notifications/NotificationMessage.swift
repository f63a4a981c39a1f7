import Foundation

/// A notification made from one durable event: its type, what it is about (for the filters) and
/// its `data`, ready to become a Standard Webhooks body `{"type", "timestamp", "data"}`.
public struct NotificationMessage: Sendable, Hashable {
    /// The event type.
    public var type: NotificationEventType
    /// The durable event it comes from; nil for a test message.
    public var eventID: Int64?
    /// The job it is about, if any.
    public var jobID: JobID?
    /// The followed source it is about (a source's digest, or a job the source created), if any.
    public var sourceID: Int64?
    /// When the event happened.
    public var timestamp: Date
    /// The job summary, or the digest (`sourceId`, `sourceName`, `count`, `titles`).
    public var data: JSONValue

    /// Creates a message.
    public init(type: NotificationEventType, eventID: Int64?, jobID: JobID?, sourceID: Int64?, timestamp: Date, data: JSONValue) {
        self.type = type
        self.eventID = eventID
        self.jobID = jobID
        self.sourceID = sourceID
        self.timestamp = timestamp
        self.data = data
    }

    /// The largest body sent (Standard Webhooks asks for under 20 kB); longer texts are cut to fit.
    public static let maxBodyBytes = 20_000

    /// The Standard Webhooks body: `{"data":…,"timestamp":"2026-12-06T21:47:49.000Z","type":"job.completed"}`
    /// with sorted keys.
    public func body() -> String {
        var data = self.data
        var text = Self.encode(type: type, timestamp: timestamp, data: data)
        if text.utf8.count > Self.maxBodyBytes {
            // Only a digest's titles or an error message can be long: keep the counts, drop the rest.
            if case .object(var members) = data {
                members["titles"] = members["titles"].map { _ in .array([]) }
                if case .object(var error)? = members["error"] {
                    error["message"] = .string(String(error["message"]?.stringValue?.prefix(1_000) ?? ""))
                    members["error"] = .object(error)
                }
                members["truncated"] = .bool(true)
                data = .object(members)
            }
            text = Self.encode(type: type, timestamp: timestamp, data: data)
        }
        return text
    }

    private static func encode(type: NotificationEventType, timestamp: Date, data: JSONValue) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let envelope: JSONValue = .object(["type": .string(type.rawValue), "timestamp": .string(Self.iso8601(timestamp)), "data": data])
        return String(decoding: (try? encoder.encode(envelope)) ?? Data("{}".utf8), as: UTF8.self)
    }

    /// ISO 8601 in UTC with milliseconds.
    public static func iso8601(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }

    /// A one-line title for chat services: `Spool: job completed — <title>`.
    public var title: String {
        let subject = data["title"]?.stringValue ?? data["sourceName"]?.stringValue ?? data["url"]?.stringValue ?? data["id"]?.stringValue
        let what = Self.phrases[type] ?? type.rawValue
        return subject.map { "Spool: \(what) — \(String($0.prefix(120)))" } ?? "Spool: \(what)"
    }

    /// A short text for chat services: the URL, the file or the error, or the digest's titles.
    public var text: String {
        var lines: [String] = []
        if type == .sourceNewMedia {
            let count = data["count"]?.intValue ?? 0
            lines.append("\(count) new item\(count == 1 ? "" : "s") from \(data["sourceName"]?.stringValue ?? "a source")")
            lines += (data["titles"]?.arrayValue ?? []).prefix(10).compactMap { $0.stringValue.map { "• \($0)" } }
        } else {
            if let url = data["url"]?.stringValue { lines.append(url) }
            if let file = data["file"]?.stringValue { lines.append("File: \(file)") }
            if let error = data["error"]?["message"]?.stringValue { lines.append("Error: \(error)") }
            if let state = data["state"]?.stringValue { lines.append("State: \(state)") }
        }
        return lines.isEmpty ? title : lines.joined(separator: "\n")
    }

    private static let phrases: [NotificationEventType: String] = [
        .jobAdded: "job added", .jobStarted: "job started", .jobCompleted: "job completed", .jobFailed: "job failed",
        .jobRemoved: "job removed", .sourceNewMedia: "new media", .postprocessCompleted: "processing finished",
        .postprocessFailed: "processing failed", .storageUploaded: "uploaded", .test: "test notification",
    ]
}
