import Foundation

/// Which listed videos a source queues. Checked before a video is queued; a rejected video is
/// stored with the reason and never retried.
public struct SourceFilters: Sendable, Codable, Hashable {
    /// A regular expression matched against the title (case-insensitive).
    public var titleRegex: String?
    /// Queue the titles that do *not* match instead.
    public var invertTitleRegex: Bool
    /// Shortest wanted length, seconds.
    public var minDuration: Double?
    /// Longest wanted length, seconds.
    public var maxDuration: Double?
    /// Only videos published on or after this day.
    public var publishedAfter: Date?
    /// Shorts: include, exclude or only.
    public var shorts: Inclusion
    /// Live streams: include, exclude or only.
    public var streams: Inclusion

    /// Include, exclude, or take nothing else.
    public enum Inclusion: String, Sendable, Codable, Hashable, CaseIterable {
        case include, exclude, only
    }

    /// Creates filters (none by default).
    public init(
        titleRegex: String? = nil, invertTitleRegex: Bool = false, minDuration: Double? = nil, maxDuration: Double? = nil,
        publishedAfter: Date? = nil, shorts: Inclusion = .include, streams: Inclusion = .include
    ) {
        self.titleRegex = titleRegex
        self.invertTitleRegex = invertTitleRegex
        self.minDuration = minDuration
        self.maxDuration = maxDuration
        self.publishedAfter = publishedAfter
        self.shorts = shorts
        self.streams = streams
    }

    /// Throws `invalid_input` naming the field when a filter cannot work (a regex that does not
    /// compile, a negative or inverted duration range, `only` for both Shorts and streams).
    public func validate() throws {
        if let titleRegex {
            do { _ = try Regex(titleRegex) } catch {
                throw SpoolError(.invalidInput, "filters.titleRegex '\(titleRegex)' is not a valid regular expression: \(error)")
            }
        }
        if let minDuration, minDuration < 0 { throw SpoolError(.invalidInput, "filters.minDuration must not be negative") }
        if let maxDuration, maxDuration <= 0 { throw SpoolError(.invalidInput, "filters.maxDuration must be positive") }
        if let minDuration, let maxDuration, minDuration > maxDuration {
            throw SpoolError(.invalidInput, "filters.minDuration (\(minDuration)) is longer than filters.maxDuration (\(maxDuration))")
        }
        if shorts == .only, streams == .only {
            throw SpoolError(.invalidInput, "filters.shorts and filters.streams cannot both be 'only'")
        }
    }

    /// Why `entry` is rejected, or nil when it passes. Fields the listing did not give pass.
    public func rejection(of entry: ListedEntry) -> String? {
        switch (shorts, entry.isShort) {
        case (.exclude, true): return "a Short (Shorts are excluded)"
        case (.only, false): return "not a Short (only Shorts are wanted)"
        default: break
        }
        switch (streams, entry.isStream) {
        case (.exclude, true): return "a live stream (streams are excluded)"
        case (.only, false): return "not a live stream (only streams are wanted)"
        default: break
        }
        if let titleRegex, let title = entry.title, let regex = try? Regex(titleRegex).ignoresCase() {
            let matches = title.firstMatch(of: regex) != nil
            if matches, !invertTitleRegex { return "title matches /\(titleRegex)/" }
            if !matches, invertTitleRegex { return "title does not match /\(titleRegex)/" }
        }
        if let duration = entry.duration {
            if let minDuration, duration < minDuration { return "shorter than \(Self.seconds(minDuration)) (\(Self.seconds(duration)))" }
            if let maxDuration, duration > maxDuration { return "longer than \(Self.seconds(maxDuration)) (\(Self.seconds(duration)))" }
        }
        if let publishedAfter, let published = entry.publishedAt, published < publishedAfter {
            return "published \(DayText.format(published)), before \(DayText.format(publishedAfter))"
        }
        return nil
    }

    private static func seconds(_ value: Double) -> String {
        value.rounded() == value ? "\(Int(value)) s" : String(format: "%.1f s", value)
    }
}
