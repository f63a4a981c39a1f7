import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import NIOSSL

/// A client of Spool's REST API, as used by the `spool` command line (like `transmission-remote`).
///
/// Every call sends `Authorization: Bearer <token>` when a token is set, decodes the JSON answer, and
/// turns API errors (`{"error":{"code","message"}}`) and transport failures into ``ClientError``.
/// Use ``withClient(server:token:configuration:_:)`` to get one whose connections are closed afterwards.
public struct SpoolClient: Sendable {
    /// Where a server listens unless told otherwise.
    public static let defaultServer = "http://127.0.0.1:3000"

    /// Timeouts of a client.
    public struct Configuration: Sendable {
        /// Time to open a TCP connection.
        public var connectTimeout: Duration
        /// Time for an ordinary request to be answered in full.
        public var requestTimeout: Duration
        /// Time without bytes on an event stream before it is considered dead (heartbeats come every 15 s).
        public var streamIdleTimeout: Duration
        /// PEM file of the certificate authority an `https` server's certificate is checked against
        /// (`--cacert`, `SPOOL_CA_FILE`); nil trusts the system's authorities.
        public var caFile: String?

        /// Creates timeouts; the defaults suit an interactive command line.
        public init(
            connectTimeout: Duration = .seconds(5), requestTimeout: Duration = .seconds(60), streamIdleTimeout: Duration = .seconds(45),
            caFile: String? = nil
        ) {
            self.connectTimeout = connectTimeout
            self.requestTimeout = requestTimeout
            self.streamIdleTimeout = streamIdleTimeout
            self.caFile = caFile
        }
    }

    /// Base URL of the server without a trailing slash (`http://127.0.0.1:3000`).
    public let serverURL: String
    /// Bearer token, if any.
    public let token: String?
    /// Timeouts.
    public let configuration: Configuration
    /// The HTTP client that carries the requests.
    let httpClient: HTTPClient

    /// Creates a client on an existing HTTP client (the caller shuts it down).
    ///
    /// - Parameters:
    ///   - server: Base URL; `host:port` without a scheme means `http://host:port`.
    ///   - token: Bearer token, or nil for unauthenticated calls (login, health).
    ///   - httpClient: The transport; its connect timeout applies.
    ///   - configuration: Request timeouts.
    /// - Throws: ``ClientError`` (usage) when `server` is not an http(s) URL.
    public init(server: String, token: String?, httpClient: HTTPClient, configuration: Configuration = Configuration()) throws {
        self.serverURL = try Self.normalizedServerURL(server)
        self.token = token.flatMap { $0.isEmpty ? nil : $0 }
        self.httpClient = httpClient
        self.configuration = configuration
    }

    /// Runs `body` with a client on its own HTTP connection pool, closed when `body` returns or throws.
    ///
    /// - Parameters:
    ///   - server: Base URL (see ``init(server:token:httpClient:configuration:)``).
    ///   - token: Bearer token, or nil.
    ///   - configuration: Timeouts.
    ///   - body: The work to do with the client.
    /// - Returns: What `body` returns.
    public static func withClient<Result: Sendable>(
        server: String,
        token: String?,
        configuration: Configuration = Configuration(),
        _ body: (SpoolClient) async throws -> Result
    ) async throws -> Result {
        var http = HTTPClient.Configuration()
        http.timeout = .init(connect: TimeAmount(configuration.connectTimeout), read: TimeAmount(configuration.streamIdleTimeout))
        // Fail at once when nothing listens instead of retrying until the connect timeout.
        http.connectionPool.retryConnectionEstablishment = false
        http.redirectConfiguration = .disallow
        if let caFile = configuration.caFile {
            let roots: [NIOSSLCertificate]
            do {
                roots = try NIOSSLCertificate.fromPEMFile(caFile)
            } catch {
                throw ClientError(.usage, "the CA file \(caFile) (--cacert, SPOOL_CA_FILE) cannot be read as PEM certificates")
            }
            var tls = TLSConfiguration.makeClientConfiguration()
            tls.trustRoots = .certificates(roots)
            http.tlsConfiguration = tls
        }
        let httpClient = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: http)
        let result: Result
        do {
            let client = try SpoolClient(server: server, token: token, httpClient: httpClient, configuration: configuration)
            result = try await body(client)
        } catch {
            try? await httpClient.shutdown()
            throw error
        }
        try await httpClient.shutdown()
        return result
    }

    /// The same server with another token.
    public func with(token: String?) -> SpoolClient {
        // The URL was validated already, so this cannot throw.
        (try? SpoolClient(server: serverURL, token: token, httpClient: httpClient, configuration: configuration)) ?? self
    }

    /// Checks and normalises a server address: adds `http://` when no scheme is given, drops trailing slashes.
    ///
    /// - Throws: ``ClientError`` (usage) for anything but an http(s) URL with a host.
    public static func normalizedServerURL(_ server: String) throws -> String {
        var text = server.trimmingCharacters(in: .whitespacesAndNewlines)
        if !text.contains("://") { text = "http://" + text }
        while text.hasSuffix("/") { text.removeLast() }
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https",
              let host = url.host, !host.isEmpty, url.query == nil, url.fragment == nil
        else {
            throw ClientError(.usage, "invalid server address '\(server)' (expected http://HOST:PORT)")
        }
        return text
    }

    // MARK: Transport

    /// An HTTP answer: status and body bytes.
    struct Reply: Sendable {
        var status: Int
        var body: Data
    }

    /// Sends one request and collects the answer; non-2xx answers (except `accepting`) become ``ClientError``.
    /// `timeout` replaces the configured request timeout (for requests the server may work on longer).
    func send(
        _ method: HTTPMethod,
        _ path: String,
        query: [(String, String)] = [],
        json body: Data? = nil,
        authenticated: Bool = true,
        accepting: Set<Int> = [],
        timeout: Duration? = nil
    ) async throws -> Reply {
        var request = HTTPClientRequest(url: serverURL + path + Self.queryString(query))
        request.method = method
        request.headers.add(name: "Accept", value: "application/json")
        request.headers.add(name: "User-Agent", value: "spool-cli")
        if authenticated, let token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(body)
        }
        let status: Int
        let data: Data
        do {
            let response = try await httpClient.execute(request, timeout: TimeAmount(timeout ?? configuration.requestTimeout))
            status = Int(response.status.code)
            let buffer = try await response.body.collect(upTo: 64 << 20)
            data = Data(buffer.readableBytesView)
        } catch let error as ClientError {
            throw error
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            throw transportError(error)
        }
        guard (200..<300).contains(status) || accepting.contains(status) else {
            throw failure(status: status, body: data, authenticated: authenticated)
        }
        return Reply(status: status, body: data)
    }

    /// Sends a request and decodes a JSON answer.
    func send<Answer: Decodable>(
        _ method: HTTPMethod,
        _ path: String,
        query: [(String, String)] = [],
        json body: Data? = nil,
        authenticated: Bool = true,
        timeout: Duration? = nil,
        as type: Answer.Type
    ) async throws -> Answer {
        let reply = try await send(method, path, query: query, json: body, authenticated: authenticated, timeout: timeout)
        return try ClientJSON.decode(type, from: reply.body)
    }

    /// A ``ClientError`` for a transport failure (nothing listening, timeout, reset).
    func transportError(_ error: any Error) -> ClientError {
        let detail: String
        switch error {
        case let error as HTTPClientError where error == .connectTimeout:
            detail = "connection timed out"
        case let error as HTTPClientError where error == .deadlineExceeded || error == .readTimeout:
            detail = "the server did not answer in time"
        case let error as HTTPClientError where error == .remoteConnectionClosed:
            detail = "the server closed the connection"
        case let error as NIOSSLError:
            detail = "TLS failed, the server's certificate is not trusted (give its CA with --cacert or SPOOL_CA_FILE): \(error)"
        default:
            let text = String(describing: error)
            detail = text.localizedCaseInsensitiveContains("refused") ? "connection refused" : text
        }
        return ClientError(.server, "cannot reach the Spool server at \(serverURL): \(detail)")
    }

    /// The ``ClientError`` for an error answer; a 401 says whether a token was sent and what to do.
    func failure(status: Int, body: Data, authenticated: Bool) -> ClientError {
        var error = Self.apiError(status: status, body: body)
        if status == 401, authenticated {
            error.message = token == nil
                ? "not logged in to \(serverURL) (run `spool login`, or set SPOOL_TOKEN)"
                : "the server refused the token: \(error.message) (run `spool login` again, or check SPOOL_TOKEN)"
        }
        return error
    }

    /// Decodes `{"error":{"code","message"}}` into a ``ClientError``.
    static func apiError(status: Int, body: Data) -> ClientError {
        struct Envelope: Decodable {
            struct Detail: Decodable {
                var code: String?
                var message: String?
            }
            var error: Detail
        }
        let detail = try? JSONDecoder().decode(Envelope.self, from: body).error
        let fallback = HTTPResponseStatus(statusCode: status).reasonPhrase
        let message = detail?.message.flatMap { $0.isEmpty ? nil : $0 } ?? "server answered \(status) \(fallback)"
        return ClientError.api(status: status, code: detail?.code, message: message)
    }

    /// `?a=b&c=d` with percent-encoded values, or the empty string.
    static func queryString(_ items: [(String, String)]) -> String {
        guard !items.isEmpty else { return "" }
        return "?" + items.map { "\(encode($0.0))=\(encode($0.1))" }.joined(separator: "&")
    }

    /// RFC 3986 unreserved characters (ASCII only) plus `,`, which lists use.
    private static let unreserved = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~,")

    /// Percent-encodes a query component or a path segment.
    static func encode(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: unreserved) ?? text
    }
}
