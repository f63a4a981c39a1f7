import Foundation
import SpoolAPIModels
import SpoolCore

/// Text framing of server-sent events (`text/event-stream`).
enum ServerSentEvent {
    /// `retry: <ms>`: the reconnect delay EventSource clients use.
    static func retry(_ delay: Duration) -> String {
        let milliseconds = delay.components.seconds * 1000 + delay.components.attoseconds / 1_000_000_000_000_000
        return "retry: \(milliseconds)\n\n"
    }

    /// A comment line, ignored by clients; keeps proxies from closing an idle stream.
    static func comment(_ text: String) -> String {
        ": \(text)\n\n"
    }

    /// `id:` (durable events only), `event: <type>` and `data: <envelope JSON>`.
    static func event(_ event: JobEvent, encoder: JSONEncoder) throws -> String {
        let json = String(decoding: try encoder.encode(EventDTO(event)), as: UTF8.self)
        var text = ""
        if event.type.isDurable { text += "id: \(event.id)\n" }
        text += "event: \(event.type.rawValue)\ndata: \(json)\n\n"
        return text
    }
}
