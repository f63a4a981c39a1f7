/// An incremental parser of `text/event-stream` bytes, fed in chunks of any size.
///
/// Follows the WHATWG rules: lines end with CRLF, LF or CR (also split across chunks); `:` starts a
/// comment (heartbeat); one space after the field's colon is dropped; `data:` lines accumulate; an
/// empty line dispatches the event unless it has no data; `id:` sets the last event id even then;
/// an unterminated event at the end of the stream is discarded.
public struct ServerSentEventParser: Sendable {
    /// The id of the latest `id:` field seen (sent back as `Last-Event-ID` on reconnect).
    public private(set) var lastEventID: String?
    /// The latest `retry:` value in milliseconds.
    public private(set) var retry: Int?
    /// Number of comment lines seen (heartbeats), which prove the connection is alive.
    public private(set) var comments = 0

    private var line: [UInt8] = []
    private var afterCR = false
    private var eventType = ""
    private var data = ""
    private var hasData = false
    private var eventID: String?
    private var eventRetry: Int?
    private var sawID = false

    /// Creates a parser, optionally resuming after a known event id.
    public init(lastEventID: String? = nil) {
        self.lastEventID = lastEventID
    }

    /// Consumes a chunk and returns the events it completes, in order.
    public mutating func feed(_ bytes: some Sequence<UInt8>) -> [ServerSentEvent] {
        var events: [ServerSentEvent] = []
        for byte in bytes {
            switch byte {
            case UInt8(ascii: "\r"):
                if let event = endLine() { events.append(event) }
                afterCR = true
            case UInt8(ascii: "\n"):
                if afterCR {
                    afterCR = false
                } else if let event = endLine() {
                    events.append(event)
                }
            default:
                afterCR = false
                line.append(byte)
            }
        }
        return events
    }

    /// Ends the stream: drops a partial event and resets for a new connection (the last event id stays).
    public mutating func reset() {
        line.removeAll(keepingCapacity: true)
        afterCR = false
        clearEvent()
    }

    /// Handles one complete line; returns an event when the line was empty and data was pending.
    private mutating func endLine() -> ServerSentEvent? {
        defer { line.removeAll(keepingCapacity: true) }
        if line.isEmpty { return dispatch() }
        if line[0] == UInt8(ascii: ":") {
            comments += 1
            return nil
        }
        let field: String
        let value: String
        if let colon = line.firstIndex(of: UInt8(ascii: ":")) {
            field = String(decoding: line[..<colon], as: UTF8.self)
            var start = line.index(after: colon)
            if start < line.endIndex, line[start] == UInt8(ascii: " ") { start = line.index(after: start) }
            value = String(decoding: line[start...], as: UTF8.self)
        } else {
            field = String(decoding: line, as: UTF8.self)
            value = ""
        }
        switch field {
        case "event":
            eventType = value
        case "data":
            if hasData { data.append("\n") }
            data.append(value)
            hasData = true
        case "id":
            if !value.contains("\0") {
                eventID = value
                sawID = true
            }
        case "retry":
            if !value.isEmpty, value.allSatisfy(\.isASCII), let milliseconds = Int(value), milliseconds >= 0 {
                eventRetry = milliseconds
                retry = milliseconds
            }
        default:
            break
        }
        return nil
    }

    /// Dispatches the pending event, if it has data.
    private mutating func dispatch() -> ServerSentEvent? {
        defer { clearEvent() }
        if sawID { lastEventID = eventID.flatMap { $0.isEmpty ? nil : $0 } }
        guard hasData else { return nil }
        return ServerSentEvent(id: sawID ? eventID : nil, event: eventType.isEmpty ? "message" : eventType, data: data, retry: eventRetry)
    }

    private mutating func clearEvent() {
        eventType = ""
        data = ""
        hasData = false
        eventID = nil
        eventRetry = nil
        sawID = false
    }
}
