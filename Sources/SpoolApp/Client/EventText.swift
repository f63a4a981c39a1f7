import SpoolCore

/// One-line renderings of event envelopes, for `spool logs`, `show` and `watch`.
public enum EventText {
    /// `10:43:07  log    info     Destination: …` — time, type and the payload's gist.
    public static func line(_ event: JobEvent, withJob: Bool = false) -> String {
        var parts = [HumanFormat.time(event.timestamp)]
        if withJob { parts.append(event.jobId.map { HumanFormat.shortID($0.rawValue) } ?? "-       ") }
        parts.append(TextWidth.pad(label(event.type), to: 8))
        parts.append(summary(event))
        return parts.joined(separator: "  ")
    }

    /// The payload's gist: `QUEUED → DOWNLOADING`, `warning  message`, `download_failed: …`.
    public static func summary(_ event: JobEvent) -> String {
        let payload = event.payload
        switch event.type {
        case .stateChange:
            let from = payload["from"]?.stringValue ?? "?"
            let to = payload["to"]?.stringValue ?? "?"
            let reason = payload["reason"]?.stringValue.map { " (\($0))" } ?? ""
            return "\(from) → \(to)\(reason)"
        case .log:
            let level = payload["level"]?.stringValue ?? "info"
            return TextWidth.pad(level, to: 7) + "  " + (payload["message"]?.stringValue ?? "")
        case .error:
            let code = payload["code"]?.stringValue ?? "error"
            let stage = payload["stage"]?.stringValue.map { " [\($0)]" } ?? ""
            return "\(code)\(stage): \(payload["message"]?.stringValue ?? "")"
        case .progress:
            let percent = HumanFormat.precisePercent(payload["percent"]?.doubleValue).trimmingLeadingSpaces
            let speed = HumanFormat.speed(payload["speed"]?.doubleValue)
            return [percent, speed].filter { !$0.isEmpty }.joined(separator: "  ")
        case .jobAdded:
            return payload["url"]?.stringValue ?? ""
        case .jobRemoved:
            return "removed"
        case .notification:
            let title = payload["title"]?.stringValue ?? ""
            let message = payload["message"]?.stringValue ?? ""
            return [title, message].filter { !$0.isEmpty }.joined(separator: ": ")
        }
    }

    /// The short label of an event type.
    public static func label(_ type: EventType) -> String {
        switch type {
        case .stateChange: "state"
        case .jobAdded: "added"
        case .jobRemoved: "removed"
        case .notification: "notice"
        default: type.rawValue
        }
    }
}

extension String {
    /// The string without leading spaces.
    var trimmingLeadingSpaces: String { String(drop { $0 == " " }) }
}
