import HTTPTypes

extension HTTPField.Name {
    /// `Last-Event-ID`, sent by EventSource clients when they reconnect.
    static let lastEventID = HTTPField.Name("Last-Event-ID")!
    /// `X-Accel-Buffering: no` stops nginx from buffering an event stream.
    static let xAccelBuffering = HTTPField.Name("X-Accel-Buffering")!
    /// `X-Forwarded-For`, set by reverse proxies.
    static let xForwardedFor = HTTPField.Name("X-Forwarded-For")!
}
