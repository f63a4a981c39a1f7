import Logging

/// How the process logs.
public struct LoggingSettings: Sendable {
    /// Log output formats.
    public enum Format: String, Sendable { case text, json }

    /// Log level (LOG_LEVEL: trace, debug, info, notice, warning, error, critical).
    public var level: Logger.Level = .info
    /// Log format (LOG_FORMAT: text or json).
    public var format: Format = .text

    /// Defaults.
    public init() {}

    init(reader: EnvironmentReader) throws {
        if let text = reader.string("LOG_LEVEL") {
            guard let parsed = Logger.Level(rawValue: text.lowercased()) ?? (text.lowercased() == "warn" ? .warning : nil) else {
                throw ConfigurationError(variable: "LOG_LEVEL", message: "must be one of trace, debug, info, notice, warning, error, critical")
            }
            level = parsed
        }
        if let text = reader.string("LOG_FORMAT") {
            guard let parsed = Format(rawValue: text.lowercased()) else {
                throw ConfigurationError(variable: "LOG_FORMAT", message: "must be text or json")
            }
            format = parsed
        }
    }
}
