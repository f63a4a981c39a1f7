import Logging

/// swift-log's text output (LOG_FORMAT=text), with metadata merged only when a line is written.
///
/// `StreamLogHandler` formats all of its metadata whenever one value is set, and Hummingbird sets
/// a request id on each request's logger: that formatting ran for every request, logged or not.
/// Here setting a value only stores it.
public struct TextLogHandler: LogHandler {
    /// Minimum level.
    public var logLevel: Logger.Level {
        get { stream.logLevel }
        set { stream.logLevel = newValue }
    }
    /// Handler-wide metadata.
    public var metadata: Logger.Metadata = [:]
    private var stream: StreamLogHandler

    /// Creates a handler writing to standard error.
    public init(label: String, level: Logger.Level) {
        stream = StreamLogHandler.standardError(label: label)
        stream.logLevel = level
    }

    /// Reads or writes one metadata value.
    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    /// Writes one line with the handler's and the call's metadata.
    public func log(event: LogEvent) {
        var event = event
        if !metadata.isEmpty {
            event.metadata = metadata.merging(event.metadata ?? [:]) { $1 }
        }
        stream.log(event: event)
    }
}
