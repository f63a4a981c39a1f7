import Foundation

extension Source {
    /// What a check lists: each followed tab of a YouTube channel as its own input (a break in one
    /// never skips another; yt-dlp resets breaks per input URL, not per tab), anything else once.
    public var listings: [ListingRequest] {
        guard let channel = Self.youtubeChannelBase(url) else { return [ListingRequest(url: url, tab: .all)] }
        return tabs.followed.map { ListingRequest(url: "\(channel)/\($0.rawValue)", tab: $0) }
    }

    /// Whether new videos appear at the top of the listing (channels, feeds), so an incremental
    /// check may stop at known ones; playlists grow at the end and are listed whole.
    public var newestFirst: Bool {
        guard let components = URLComponents(string: url) else { return true }
        return !(components.queryItems?.contains { $0.name == "list" } ?? false) && !components.path.hasPrefix("/playlist")
    }

    /// `https://www.youtube.com/@name` for a channel URL (`/@name`, `/channel/UC…`, `/c/…`,
    /// `/user/…`, with or without a tab), else nil.
    static func youtubeChannelBase(_ url: String) -> String? {
        guard let components = URLComponents(string: url), let host = components.host?.lowercased(),
              host == "youtube.com" || host.hasSuffix(".youtube.com") else { return nil }
        let parts = components.path.split(separator: "/").map(String.init)
        guard let first = parts.first else { return nil }
        let base: [String]
        if first.hasPrefix("@") {
            base = [first]
        } else if ["channel", "c", "user"].contains(first), parts.count >= 2 {
            base = [first, parts[1]]
        } else {
            return nil
        }
        return "https://www.youtube.com/" + base.joined(separator: "/")
    }
}
