import Foundation
import SpoolAPI

/// Typed reads of environment variables with clear errors.
struct EnvironmentReader {
    let env: [String: String]

    func string(_ name: String) -> String? {
        guard let value = env[name]?.trimmingCharacters(in: .whitespaces), !value.isEmpty else { return nil }
        return value
    }

    func int(_ name: String, range: ClosedRange<Int>) throws -> Int? {
        guard let text = string(name) else { return nil }
        guard let value = Int(text), range.contains(value) else {
            throw ConfigurationError(variable: name, message: "must be a whole number in \(range.lowerBound)…\(range.upperBound), got '\(text)'")
        }
        return value
    }

    func double(_ name: String, range: ClosedRange<Double>) throws -> Double? {
        guard let text = string(name) else { return nil }
        guard let value = Double(text), range.contains(value) else {
            throw ConfigurationError(variable: name, message: "must be a number from \(range.lowerBound) to \(range.upperBound)")
        }
        return value
    }

    func bool(_ name: String) throws -> Bool? {
        guard let text = string(name)?.lowercased() else { return nil }
        switch text {
        case "1", "true", "yes", "on": return true
        case "0", "false", "no", "off": return false
        default: throw ConfigurationError(variable: name, message: "must be true or false, got '\(text)'")
        }
    }

    /// One of a `RawRepresentable` enum's raw values, case-insensitive.
    func choice<Value: RawRepresentable & CaseIterable>(_ name: String, as _: Value.Type = Value.self) throws -> Value?
    where Value.RawValue == String {
        guard let text = string(name)?.lowercased() else { return nil }
        guard let value = Value(rawValue: text) else {
            let names = Value.allCases.map(\.rawValue).joined(separator: ", ")
            throw ConfigurationError(variable: name, message: "must be one of \(names), got '\(text)'")
        }
        return value
    }

    /// `500ms`, `30s`, `5m`, `2h`, `7d`, or plain seconds.
    func duration(_ name: String) throws -> Duration? {
        guard let text = string(name) else { return nil }
        guard let value = Self.parseDuration(text) else {
            throw ConfigurationError(variable: name, message: "must be a duration like 500ms, 30s, 5m, 2h or 7d, got '\(text)'")
        }
        return value
    }

    /// A rate as count/duration: `10/1m`, `30/10m`, `100/1h`; `0` for no limit.
    func rate(_ name: String) throws -> RateLimit? {
        guard let text = string(name) else { return nil }
        guard let value = Self.parseRate(text) else {
            throw ConfigurationError(variable: name, message: "must be a count per duration like 10/1m or 30/10m (0 for no limit), got '\(text)'")
        }
        return value
    }

    /// `1GiB`, `500MB`, `1048576`.
    func bytes(_ name: String) throws -> Int64? {
        guard let text = string(name) else { return nil }
        guard let value = Self.parseBytes(text) else {
            throw ConfigurationError(variable: name, message: "must be a size like 1GiB, 500MB or 1048576, got '\(text)'")
        }
        return value
    }

    static func parseDuration(_ text: String) -> Duration? {
        let units: [(String, Double)] = [("ms", 0.001), ("s", 1), ("m", 60), ("h", 3_600), ("d", 86_400)]
        for (suffix, scale) in units where text.hasSuffix(suffix) {
            guard let number = Double(text.dropLast(suffix.count)), number >= 0 else { return nil }
            return .milliseconds(Int64((number * scale * 1_000).rounded()))
        }
        guard let seconds = Double(text), seconds >= 0 else { return nil }
        return .milliseconds(Int64((seconds * 1_000).rounded()))
    }

    /// `N/duration` with N in 1…1,000,000 and a duration above zero (``parseDuration(_:)``), or `0`.
    static func parseRate(_ text: String) -> RateLimit? {
        if text == "0" { return .unlimited }
        let parts = text.split(separator: "/", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        guard parts.count == 2, let count = Int(parts[0]), (1...1_000_000).contains(count),
              let window = parseDuration(parts[1]), window > .zero else { return nil }
        return RateLimit(limit: count, per: window)
    }

    static func parseBytes(_ text: String) -> Int64? {
        let units: [(String, Double)] = [
            ("KiB", 1_024), ("MiB", 1_048_576), ("GiB", 1_073_741_824), ("TiB", 1_099_511_627_776),
            ("KB", 1_000), ("MB", 1_000_000), ("GB", 1_000_000_000), ("TB", 1_000_000_000_000),
            ("K", 1_024), ("M", 1_048_576), ("G", 1_073_741_824), ("B", 1),
        ]
        for (suffix, scale) in units where text.hasSuffix(suffix) {
            guard let number = Double(text.dropLast(suffix.count).trimmingCharacters(in: .whitespaces)), number >= 0 else { return nil }
            return Int64(number * scale)
        }
        guard let value = Int64(text), value >= 0 else { return nil }
        return value
    }
}
