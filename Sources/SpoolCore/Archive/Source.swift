import Foundation

/// A followed channel, playlist or feed: where its videos come from, which of them are wanted, how
/// they are downloaded, named and pruned, and when it is checked next (seed 004's channel).
public struct Source: Sendable, Codable, Hashable, Identifiable {
    /// The store's id (0 before the source is stored).
    public var id: Int64
    /// A display name; also the folder the archive layouts put the source's videos in.
    public var name: String
    /// The channel, playlist or feed URL handed to yt-dlp.
    public var url: String
    /// Disabled sources are never checked by the schedule (a manual sync still runs).
    public var enabled: Bool
    /// Which tabs of a channel are followed (other URLs are one listing).
    public var tabs: SourceTabs
    /// When the source is checked.
    public var schedule: CheckSchedule
    /// An Atom feed polled between checks for new entries (derived for YouTube channels); nil
    /// means no fast check.
    public var feedURL: String?
    /// The download settings of the source's videos; nil means the built-in defaults.
    public var profileID: Int64?
    /// Which listed videos are queued.
    public var filters: SourceFilters
    /// What is deleted again, and when.
    public var retention: Retention
    /// Where the files go.
    public var layout: OutputLayout
    /// How much of what was already published the first index queues.
    public var backlog: Backlog
    /// When the source was added.
    public var createdAt: Date
    /// Progress and schedule, kept by the checks.
    public var status: SourceStatus

    /// Creates a source with Spool's defaults.
    public init(
        id: Int64 = 0, name: String, url: String, enabled: Bool = true, tabs: SourceTabs = .init(), schedule: CheckSchedule = .default,
        feedURL: String? = nil, profileID: Int64? = nil, filters: SourceFilters = .init(), retention: Retention = .init(),
        layout: OutputLayout = .archive, backlog: Backlog = .none, createdAt: Date = Date(), status: SourceStatus = .init()
    ) {
        self.id = id
        self.name = name
        self.url = url
        self.enabled = enabled
        self.tabs = tabs
        self.schedule = schedule
        self.feedURL = feedURL
        self.profileID = profileID
        self.filters = filters
        self.retention = retention
        self.layout = layout
        self.backlog = backlog
        self.createdAt = createdAt
        self.status = status
    }

    /// The key of the source's sync entries in `q:sync` (`source:42`).
    public var syncKey: String { "source:\(id)" }
}

/// The tabs of a channel a source follows; each is listed as its own yt-dlp input so a break in one
/// never skips another.
public struct SourceTabs: Sendable, Codable, Hashable {
    /// Regular uploads.
    public var videos: Bool
    /// Shorts.
    public var shorts: Bool
    /// Live streams (past and upcoming).
    public var streams: Bool

    /// Creates a tab choice (every tab by default).
    public init(videos: Bool = true, shorts: Bool = true, streams: Bool = true) {
        self.videos = videos
        self.shorts = shorts
        self.streams = streams
    }

    /// The followed tabs, in listing order.
    public var followed: [SourceTab] {
        SourceTab.allCases.filter { tab in
            switch tab {
            case .videos: videos
            case .shorts: shorts
            case .streams: streams
            case .all: false
            }
        }
    }
}

/// One listing of a source: a channel tab, or `all` for a playlist or feed.
public enum SourceTab: String, Sendable, Codable, Hashable, CaseIterable, CodingKeyRepresentable {
    case videos, shorts, streams, all
}

/// When a source is checked: every so many minutes, or once a day at a time (UTC, `HH:MM`).
public enum CheckSchedule: Sendable, Hashable {
    /// Every `minutes` minutes after the last check.
    case interval(minutes: Int)
    /// Once a day at `hour`:`minute` UTC.
    case daily(hour: Int, minute: Int)

    /// Every 6 hours.
    public static let `default` = CheckSchedule.interval(minutes: 360)

    /// The first moment after `last` (or `now` when never checked) the source is due.
    public func next(after last: Date?, now: Date) -> Date {
        switch self {
        case .interval(let minutes):
            guard let last else { return now }
            return last.addingTimeInterval(TimeInterval(minutes * 60))
        case .daily(let hour, let minute):
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = TimeZone(identifier: "UTC")!
            let from = last ?? now.addingTimeInterval(-1)
            let start = calendar.startOfDay(for: from)
            var candidate = start.addingTimeInterval(TimeInterval(hour * 3600 + minute * 60))
            while candidate <= from { candidate = candidate.addingTimeInterval(86_400) }
            return candidate
        }
    }

    /// `"every 360m"` or `"daily 04:30"`: how the schedule is written in the API and the CLI.
    public var text: String {
        switch self {
        case .interval(let minutes): "every \(minutes)m"
        case .daily(let hour, let minute): "daily " + String(format: "%02d:%02d", hour, minute)
        }
    }

    /// Parses `every 30m`, `every 6h`, `30m`, `6h`, `1d` or `daily HH:MM`; nil when malformed or
    /// shorter than 5 minutes.
    public init?(text: String) {
        let words = text.lowercased().split(separator: " ").map(String.init)
        if words.count == 2, words[0] == "daily" {
            let parts = words[1].split(separator: ":")
            guard parts.count == 2, let hour = Int(parts[0]), let minute = Int(parts[1]), (0..<24).contains(hour), (0..<60).contains(minute) else { return nil }
            self = .daily(hour: hour, minute: minute)
            return
        }
        guard let spec = (words.count == 2 && words[0] == "every") ? words.last : (words.count == 1 ? words.first : nil),
              let unit = spec.last, let count = Int(spec.dropLast()), count > 0 else { return nil }
        let minutes: Int
        switch unit {
        case "m": minutes = count
        case "h": minutes = count * 60
        case "d": minutes = count * 1440
        default: return nil
        }
        guard minutes >= 5 else { return nil }
        self = .interval(minutes: minutes)
    }
}

extension CheckSchedule: TextCodable {
    /// `schedule`.
    public static let textName = "schedule"
    /// How the text form is described when it does not parse.
    public static let textForm = "'every <N>m|h|d' (at least 5 minutes) or 'daily HH:MM'"
}

/// How much of what a source had already published its first index queues.
public enum Backlog: Sendable, Hashable {
    /// Every video listed.
    case all
    /// The newest `count` videos.
    case newest(Int)
    /// Videos published on or after the date.
    case since(Date)
    /// Nothing: everything listed is marked seen; only what is published later is queued.
    case none

    /// `all`, `none`, `newest:N` or `since:YYYY-MM-DD`.
    public var text: String {
        switch self {
        case .all: "all"
        case .none: "none"
        case .newest(let count): "newest:\(count)"
        case .since(let date): "since:" + DayText.format(date)
        }
    }

    /// Parses ``text``; nil when malformed.
    public init?(text: String) {
        let lowered = text.lowercased()
        switch lowered {
        case "all": self = .all
        case "none": self = .none
        default:
            if lowered.hasPrefix("newest:"), let count = Int(lowered.dropFirst(7)), count >= 0 {
                self = .newest(count)
            } else if lowered.hasPrefix("since:"), let date = DayText.parse(String(lowered.dropFirst(6))) {
                self = .since(date)
            } else {
                return nil
            }
        }
    }
}

extension Backlog: TextCodable {
    /// `backlog`.
    public static let textName = "backlog"
    /// How the text form is described when it does not parse.
    public static let textForm = "all, none, newest:N or since:YYYY-MM-DD"
}

/// Where a source's files go, relative to the library root.
public enum OutputLayout: Sendable, Hashable {
    /// Seed 004: `<source>/videos/<id>/video.<ext>` beside `info.json`, the thumbnail and `subtitles/`.
    case archive
    /// Kodi/Jellyfin/Plex: `<source>/Season YYYY/<source> - YYYY-MM-DD - <title> [<id>].<ext>` with NFO files.
    case mediaServer
    /// A yt-dlp output template of the user's (checked like a job's template).
    case custom(String)

    /// `archive`, `media-server` or the custom template.
    public var text: String {
        switch self {
        case .archive: "archive"
        case .mediaServer: "media-server"
        case .custom(let template): template
        }
    }

    /// Parses ``text`` (anything but the two names is a custom template).
    public init(text: String) {
        switch text {
        case "archive": self = .archive
        case "media-server": self = .mediaServer
        default: self = .custom(text)
        }
    }
}

extension OutputLayout: TextCodable {
    /// `layout`.
    public static let textName = "layout"
    /// Any text is a layout (a custom template when it names neither built-in layout).
    public static let textForm = "archive, media-server or a yt-dlp output template"
}

/// What the checks keep about a source: when it ran, what it found, and where a first index stopped.
public struct SourceStatus: Sendable, Codable, Hashable {
    /// The last check that finished (successfully or not).
    public var lastCheckAt: Date?
    /// The last complete listing of every followed tab.
    public var lastFullIndexAt: Date?
    /// When the schedule runs the next check.
    public var nextCheckAt: Date?
    /// Why the last check failed; nil after a success.
    public var lastError: String?
    /// The extractor the source's entries come from (`youtube`, `generic`), learnt from the first listing.
    public var extractor: String?
    /// Where an unfinished full index stands per tab: entries handled so far (resumed with `-I N+1:`).
    public var cursor: [SourceTab: Int]
    /// Tabs whose current full index has finished.
    public var indexedTabs: Set<SourceTab>
    /// Whether the backlog choice was applied (the first index finished).
    public var backlogApplied: Bool

    /// Creates an empty status.
    public init(
        lastCheckAt: Date? = nil, lastFullIndexAt: Date? = nil, nextCheckAt: Date? = nil, lastError: String? = nil, extractor: String? = nil,
        cursor: [SourceTab: Int] = [:], indexedTabs: Set<SourceTab> = [], backlogApplied: Bool = false
    ) {
        self.lastCheckAt = lastCheckAt
        self.lastFullIndexAt = lastFullIndexAt
        self.nextCheckAt = nextCheckAt
        self.lastError = lastError
        self.extractor = extractor
        self.cursor = cursor
        self.indexedTabs = indexedTabs
        self.backlogApplied = backlogApplied
    }
}

/// `YYYY-MM-DD` dates in UTC, as filters, backlogs and yt-dlp's `upload_date` write them.
public enum DayText {
    /// Parses `YYYY-MM-DD` or `YYYYMMDD` (midnight UTC).
    public static func parse(_ text: String) -> Date? {
        let digits = text.filter { $0 != "-" }
        guard digits.count == 8, digits.allSatisfy(\.isASCII), let year = Int(digits.prefix(4)),
              let month = Int(digits.dropFirst(4).prefix(2)), let day = Int(digits.suffix(2)) else { return nil }
        var components = DateComponents()
        components.year = year
        components.month = month
        components.day = day
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        guard let date = calendar.date(from: components), format(date).filter({ $0 != "-" }) == digits else { return nil }
        return date
    }

    /// The UTC day of `date` as `YYYY-MM-DD`.
    public static func format(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0)
    }
}
