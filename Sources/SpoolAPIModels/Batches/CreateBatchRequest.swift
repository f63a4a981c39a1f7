import SpoolCore

/// The body of `POST /api/batches`: the URLs, in episode order, and the options every job of the
/// batch gets (the members of `POST /api/jobs` except `url`).
///
/// Decoding is strict, like ``CreateJobRequest``'s.
public struct CreateBatchRequest: Sendable, Codable, Hashable {
    /// The page or media URLs (http or https), one job each, in episode order.
    public var urls: [String]
    /// A label for lists; left out, lists show the first URL.
    public var name: String?
    /// Options for every job; `url` must be left out. The server's defaults fill what is missing.
    public var options: CreateJobRequest?
    /// A URL told about each job of the batch (a one-off webhook subscription).
    public var notificationWebhook: String?

    /// Creates a request.
    public init(urls: [String], name: String? = nil, options: CreateJobRequest? = nil, notificationWebhook: String? = nil) {
        self.urls = urls
        self.name = name
        self.options = options
        self.notificationWebhook = notificationWebhook
    }

    /// Decodes strictly (see the type's documentation).
    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(allowed: CodingKeys.memberNames)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        urls = try c.decodeIfPresent([String].self, forKey: .urls) ?? []
        name = try c.decodeIfPresent(String.self, forKey: .name)
        options = try c.decodeIfPresent(CreateJobRequest.self, forKey: .options)
        if let options, !options.url.isEmpty {
            throw SpoolError(.invalidInput, "options.url: give the batch's URLs in urls")
        }
        notificationWebhook = try c.decodeIfPresent(String.self, forKey: .notificationWebhook)
    }

    /// Each job's options, in episode order, with `defaults` for what `options` leaves out.
    /// `options.process` is not resolved here: the caller sets `processing`.
    public func items(defaults: JobDefaults = JobDefaults()) -> [JobOptions] {
        let shared = options ?? CreateJobRequest(url: "")
        return urls.map { url in
            var request = shared
            request.url = url
            return request.options(defaults: defaults)
        }
    }

    private enum CodingKeys: String, CodingKey, CaseIterable {
        case urls, name, options, notificationWebhook
    }
}
