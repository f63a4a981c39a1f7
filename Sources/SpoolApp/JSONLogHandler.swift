import Foundation
import Logging
import Synchronization

/// A `LogHandler` writing one JSON object per line to standard error (LOG_FORMAT=json).
public struct JSONLogHandler: LogHandler {
    /// Minimum level.
    public var logLevel: Logger.Level
    /// Handler-wide metadata.
    public var metadata: Logger.Metadata = [:]
    private let label: String
    private static let lock = Mutex(())

    /// Creates a handler for a logger label.
    public init(label: String, level: Logger.Level) {
        self.label = label
        self.logLevel = level
    }

    /// Reads or writes one metadata value.
    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    /// Writes one line.
    public func log(event: LogEvent) {
        var object: [String: Any] = [
            "ts": Date.ISO8601FormatStyle(includingFractionalSeconds: true).format(Date()),
            "level": event.level.rawValue,
            "logger": label,
            "msg": event.message.description,
        ]
        for (key, value) in metadata.merging(event.metadata ?? [:], uniquingKeysWith: { $1 }) {
            object[key] = "\(value)"
        }
        guard var data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes]) else { return }
        data.append(0x0A)
        Self.lock.withLock { _ in FileHandle.standardError.write(data) }
    }
}

/// Sets up swift-log once for the process.
public enum LoggingSetup {
    private static let done = Mutex(false)

    /// Bootstraps logging with the configured level and format (only the first call counts).
    public static func bootstrap(level: Logger.Level, format: LoggingSettings.Format) {
        let first = done.withLock { done -> Bool in
            defer { done = true }
            return !done
        }
        guard first else { return }
        LoggingSystem.bootstrap { label in
            switch format {
            case .json: return JSONLogHandler(label: label, level: level)
            case .text: return TextLogHandler(label: label, level: level)
            }
        }
    }
}
