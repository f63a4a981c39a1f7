import SpoolCore

/// The body of seed 003's `POST /api/v1/jobs`: a batch of URLs with one ProcessingConfig.
///
/// `urls` holds strings, or objects `{"url": …, "episode_number": n}`; items are ordered by their
/// episode numbers (a plain string's is its place in the list), which become episodes 1…n.
public struct V1CreateJobsRequest: Sendable, Codable, Hashable {
    /// One URL and its episode number.
    public struct Item: Sendable, Codable, Hashable {
        /// The page or media URL.
        public var url: String
        /// Its place in the series; nil takes its place in the list.
        public var episodeNumber: Int?

        /// Creates an item.
        public init(url: String, episodeNumber: Int? = nil) {
            self.url = url
            self.episodeNumber = episodeNumber
        }

        /// Decodes a plain string or a strict `{url, episode_number}` object.
        public init(from decoder: any Decoder) throws {
            if let url = try? decoder.singleValueContainer().decode(String.self) {
                self.init(url: url)
                return
            }
            try decoder.rejectUnknownKeys(allowed: ["url", "episode_number"], parent: "urls[]")
            let c = try decoder.container(keyedBy: CodingKeys.self)
            self.init(url: try c.decodeIfPresent(String.self, forKey: .url) ?? "", episodeNumber: try c.decodeIfPresent(Int.self, forKey: .episodeNumber))
        }

        private enum CodingKeys: String, CodingKey {
            case url
            case episodeNumber = "episode_number"
        }
    }

    /// The URLs.
    public var urls: [Item]
    /// How every item is downloaded and processed.
    public var config: V1ProcessingConfig?
    /// A label for lists.
    public var name: String?

    /// Creates a request.
    public init(urls: [Item], config: V1ProcessingConfig? = nil, name: String? = nil) {
        self.urls = urls
        self.config = config
        self.name = name
    }

    /// Decodes strictly.
    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(allowed: ["urls", "config", "name"])
        let c = try decoder.container(keyedBy: CodingKeys.self)
        urls = try c.decodeIfPresent([Item].self, forKey: .urls) ?? []
        config = try c.decodeIfPresent(V1ProcessingConfig.self, forKey: .config)
        name = try c.decodeIfPresent(String.self, forKey: .name)
    }

    /// The URLs in episode order (an item without a number sorts by its place in the list, after
    /// a numbered item of the same number); throws `invalid_input` when two items give one number.
    public func orderedURLs() throws -> [String] {
        var seen: Set<Int> = []
        for number in urls.compactMap(\.episodeNumber) where !seen.insert(number).inserted {
            throw SpoolError(.invalidInput, "urls: episode_number \(number) is given twice")
        }
        let keyed = urls.enumerated().map { (key: ($1.episodeNumber ?? $0 + 1, $1.episodeNumber == nil ? 1 : 0, $0), url: $1.url) }
        return keyed.sorted { $0.key < $1.key }.map(\.url)
    }

    private enum CodingKeys: String, CodingKey {
        case urls, config, name
    }
}
