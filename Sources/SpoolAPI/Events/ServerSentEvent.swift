import Foundation
import NIOCore
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

    /// Each event as `id:` (durable events only), `event: <type>` and `data: <envelope JSON>`, in
    /// one buffer.
    static func events(_ events: [EncodedEvent]) -> ByteBuffer {
        var buffer = ByteBuffer()
        buffer.reserveCapacity(events.reduce(0) { $0 + $1.json.readableBytes + 48 })
        for encoded in events {
            let event = encoded.event
            if event.type.isDurable { buffer.writeString("id: \(event.id)\n") }
            buffer.writeString("event: \(event.type.rawValue)\ndata: ")
            buffer.writeImmutableBuffer(encoded.json)
            buffer.writeString("\n\n")
        }
        return buffer
    }
}
