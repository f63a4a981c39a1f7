import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import SpoolCore

/// SpoolCore's ``WebhookTransport`` on AsyncHTTPClient: checks the target with the
/// ``WebhookAddressPolicy`` (again before every attempt, after resolving the host), signs the body
/// per Standard Webhooks and POSTs it as `application/json`, following no redirects, within
/// ``Configuration/timeout``.
public struct HTTPWebhookTransport: WebhookTransport {
    /// Transport settings.
    public struct Configuration: Sendable, Hashable {
        /// How long one attempt may take (WEBHOOK_TIMEOUT, 15 s).
        public var timeout: Duration
        /// The `User-Agent` header.
        public var userAgent: String

        /// Creates settings.
        public init(timeout: Duration = .seconds(15), userAgent: String = "Spool-Webhooks/1") {
            self.timeout = timeout
            self.userAgent = userAgent
        }
    }

    let policy: WebhookAddressPolicy
    let configuration: Configuration
    let logger: Logger

    /// Creates a transport.
    public init(policy: WebhookAddressPolicy, configuration: Configuration = .init(), logger: Logger = Logger(label: "spool.webhooks")) {
        self.policy = policy
        self.configuration = configuration
        self.logger = logger
    }

    /// Refuses a target the address policy forbids.
    public func checkTarget(_ url: String) async throws {
        try await policy.check(url)
    }

    /// One signed POST of `body`.
    public func send(url: String, messageID: String, body: String, secret: String) async -> WebhookAttempt {
        switch await policy.evaluate(url) {
        case .allowed: break
        case .refused(let message): return WebhookAttempt(error: message, refused: true)
        case .unresolved(let message): return WebhookAttempt(error: message)
        }
        let timestamp = Int(Date().timeIntervalSince1970)
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "User-Agent", value: configuration.userAgent)
        do {
            for header in try WebhookSigner.headers(messageID: messageID, timestamp: timestamp, body: body, secret: secret) {
                request.headers.add(name: header.name, value: header.value)
            }
        } catch {
            return WebhookAttempt(error: "the subscription's secret is not a whsec_ secret", refused: true)
        }
        request.body = .bytes(ByteBuffer(string: body))
        var client = HTTPClient.Configuration(redirectConfiguration: .disallow, timeout: .init(connect: .seconds(10)))
        client.httpVersion = .http1Only
        do {
            return try await HTTPClient.withHTTPClient(configuration: client) { [configuration] client in
                let response = try await client.execute(request, timeout: .init(configuration.timeout))
                // Read (and drop) at most 64 KiB of the answer, so the connection ends cleanly.
                _ = try? await response.body.collect(upTo: 1 << 16)
                let status = Int(response.status.code)
                let retryAfter = response.headers.first(name: "Retry-After").flatMap(Self.retryAfter)
                return WebhookAttempt(status: status, retryAfter: retryAfter)
            }
        } catch {
            return WebhookAttempt(error: Self.describe(error))
        }
    }

    /// `Retry-After` as seconds or an HTTP date.
    static func retryAfter(_ text: String) -> Duration? {
        if let seconds = Int(text.trimmingCharacters(in: .whitespaces)), seconds >= 0 { return .seconds(seconds) }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        guard let date = formatter.date(from: text) else { return nil }
        return .seconds(max(0, Int(date.timeIntervalSinceNow.rounded(.up))))
    }

    /// A short, safe description of a transport failure.
    static func describe(_ error: any Error) -> String {
        switch error {
        case let error as HTTPClientError where error == .deadlineExceeded || error == .readTimeout || error == .connectTimeout:
            "timed out"
        case let error as HTTPClientError:
            "HTTP client error: \(error)"
        default:
            "cannot connect: \(String(describing: error).prefix(200))"
        }
    }
}
