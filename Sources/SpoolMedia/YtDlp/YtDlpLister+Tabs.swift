import Foundation
import SpoolCore

/// Channel tabs: a YouTube channel is listed once per followed tab (`/videos`, `/shorts`,
/// `/streams`), each its own yt-dlp input, so a break in one never skips another.
extension YtDlpLister {
    /// The tab suffixes YouTube channel URLs may carry (stripped before another is appended).
    private static let channelTabNames: Set<String> = [
        "videos", "shorts", "streams", "featured", "playlists", "community", "posts", "podcasts",
        "releases", "courses", "store", "about", "channels", "membership",
    ]

    /// The listings for a source URL: the followed tabs of a YouTube channel (`youtube.com/@name`,
    /// `/channel/UC…`, `/c/name`, `/user/name`), else `[.all]` (a playlist, a feed, a page).
    public static func tabs(for url: String, following tabs: SourceTabs) -> [SourceTab] {
        channelBase(url) == nil ? [.all] : tabs.followed
    }

    /// `channelURL` pointed at `tab`: `https://www.youtube.com/@name` + `/videos`, `/shorts` or
    /// `/streams`, replacing a tab already in the URL (`/@name/featured` → `/@name/videos`).
    /// ``SourceTab/all`` and any URL that is not a YouTube channel come back unchanged.
    public static func tabURL(_ channelURL: String, tab: SourceTab) -> String {
        guard tab != .all, let base = channelBase(channelURL) else { return channelURL }
        return "\(base)/\(tab.rawValue)"
    }

    /// Whether `url` is a YouTube channel (not a video, a playlist or another site).
    public static func isChannelURL(_ url: String) -> Bool {
        channelBase(url) != nil
    }

    /// `scheme://host/<@name | channel/UC… | c/name | user/name>` without tab, query or fragment;
    /// nil when `url` is not a YouTube channel.
    private static func channelBase(_ url: String) -> String? {
        let trimmed = url.trimmingCharacters(in: .whitespaces)
        let withScheme = trimmed.contains("://") ? trimmed : "https://" + trimmed
        guard let components = URLComponents(string: withScheme), let host = components.host?.lowercased(),
              ["youtube.com", "www.youtube.com", "m.youtube.com"].contains(host)
        else { return nil }
        let parts = components.path.split(separator: "/").map(String.init)
        guard let first = parts.first else { return nil }
        let identity: [String]
        if first.hasPrefix("@"), first.count > 1 {
            identity = [first]
        } else if ["channel", "c", "user"].contains(first), parts.count >= 2 {
            identity = Array(parts[0...1])
        } else {
            return nil
        }
        let rest = parts.dropFirst(identity.count)
        guard rest.isEmpty || (rest.count == 1 && channelTabNames.contains(rest.first!.lowercased())) else { return nil }
        let scheme = components.scheme ?? "https"
        return "\(scheme)://\(components.host!)/" + identity.joined(separator: "/")
    }
}
