/// One event of a `text/event-stream` (the WHATWG "server-sent events" format).
public struct ServerSentEvent: Sendable, Hashable {
    /// The `id:` field, when the event carried one (the stream's last event id is then this value).
    public var id: String?
    /// The `event:` field; `message` when absent.
    public var event: String
    /// The `data:` lines joined with newlines.
    public var data: String
    /// The `retry:` reconnection delay in milliseconds, when the event set one.
    public var retry: Int?

    /// Creates an event.
    public init(id: String? = nil, event: String = "message", data: String, retry: Int? = nil) {
        self.id = id
        self.event = event
        self.data = data
        self.retry = retry
    }
}
