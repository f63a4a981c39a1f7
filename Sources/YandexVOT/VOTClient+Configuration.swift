import Foundation

extension VOTClient {
    /// Where and how a ``VOTClient`` talks to the service.
    public struct Configuration: Sendable {
        /// Yandex's API host.
        public static let defaultHost = "api.browser.yandex.ru"
        /// The default public vot-worker proxy.
        public static let defaultWorkerHost = "vot-worker.toil.cc"
        /// The Yandex Browser version sent in tokens (spec §1).
        public static let defaultComponentVersion = "26.6.4.760"
        /// The Yandex Browser user agent (spec §1).
        public static let defaultUserAgent =
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/148.0.0.0 YaBrowser/26.6.0.0 Safari/537.36"
        /// The upload chunk size the browser uses, in bytes.
        public static let defaultChunkSize = 5_295_308

        /// `host`, `host:port` (HTTPS) or a full `http://…`/`https://…` base URL.
        public var host: String
        /// True when `host` is a vot-worker proxy: requests go in its JSON envelope (spec §9).
        public var workerProxy: Bool
        /// The Yandex Browser version claimed in `Sec-Vtrans-Token`.
        public var componentVersion: String
        /// The `User-Agent` of every request.
        public var userAgent: String
        /// The HMAC key of request signatures.
        public var hmacKey: String
        /// A Yandex OAuth token, sent as `Authorization: OAuth …` on translate calls; needed for lively voices.
        public var oauthToken: String?
        /// Time for one API call to be answered in full.
        public var requestTimeout: Duration
        /// Time for one audio upload request.
        public var uploadTimeout: Duration
        /// Time for downloading the translated audio.
        public var downloadTimeout: Duration
        /// Bytes per upload request; files larger than this go in chunks.
        public var uploadChunkSize: Int
        /// A session is renewed this long before the service says it expires.
        public var sessionRenewalMargin: Duration
        /// The current time (injectable so tests can age sessions).
        public var now: @Sendable () -> Date

        /// Creates a configuration; the defaults talk to Yandex directly like the browser does.
        public init(
            host: String = Configuration.defaultHost,
            workerProxy: Bool = false,
            componentVersion: String = Configuration.defaultComponentVersion,
            userAgent: String = Configuration.defaultUserAgent,
            hmacKey: String = VOTSigner.defaultKey,
            oauthToken: String? = nil,
            requestTimeout: Duration = .seconds(15),
            uploadTimeout: Duration = .seconds(120),
            downloadTimeout: Duration = .seconds(300),
            uploadChunkSize: Int = Configuration.defaultChunkSize,
            sessionRenewalMargin: Duration = .seconds(60),
            now: @escaping @Sendable () -> Date = { Date() }
        ) {
            self.host = host
            self.workerProxy = workerProxy
            self.componentVersion = componentVersion
            self.userAgent = userAgent
            self.hmacKey = hmacKey
            self.oauthToken = oauthToken
            self.requestTimeout = requestTimeout
            self.uploadTimeout = uploadTimeout
            self.downloadTimeout = downloadTimeout
            self.uploadChunkSize = uploadChunkSize
            self.sessionRenewalMargin = sessionRenewalMargin
            self.now = now
        }

        /// The base URL without a trailing slash: `https://host` unless `host` names a scheme.
        public func baseURL() throws(VOTError) -> String {
            var base = host.trimmingCharacters(in: .whitespaces)
            while base.hasSuffix("/") { base.removeLast() }
            let lowered = base.lowercased()
            if !lowered.hasPrefix("http://") && !lowered.hasPrefix("https://") {
                base = "https://" + base
            }
            guard let url = URL(string: base), url.host != nil, url.path.isEmpty, url.query == nil else {
                throw .invalidHost(host)
            }
            return base
        }
    }
}
