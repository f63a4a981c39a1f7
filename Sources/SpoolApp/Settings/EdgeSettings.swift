import Foundation
import NIOSSL
import SpoolAPI

/// The network edge of the HTTP server: TLS, connection limits and timeouts, the Host and CORS
/// allow-lists, and which reverse proxies may name the client.
public struct EdgeSettings: Sendable {
    /// PEM certificate chain served over HTTPS (TLS_CERT_FILE; with TLS_KEY_FILE).
    public var tlsCertificateFile: String?
    /// PEM private key of the certificate (TLS_KEY_FILE).
    public var tlsKeyFile: String?
    /// Time for the first request head of a connection (HTTP_HEADER_TIMEOUT, default 10s; 0 turns it off).
    public var headerTimeout: Duration? = .seconds(10)
    /// Idle time between requests and between reads of a request body (HTTP_IDLE_TIMEOUT, default 60s; 0 turns it off).
    public var idleTimeout: Duration? = .seconds(60)
    /// Connections served at once (HTTP_MAX_CONNECTIONS, default 1024; 0: no limit).
    public var maxConnections: Int? = 1_024
    /// Names the Host header may carry besides localhost and IP literals (ALLOWED_HOSTS,
    /// comma-separated, `*` wildcards); unset: no Host check.
    public var allowedHosts: [String] = []
    /// Origins browsers may call the API from (CORS_ALLOWED_ORIGINS, comma-separated, `*` for any);
    /// unset: no CORS headers.
    public var corsOrigins: [String] = []
    /// Reverse proxies whose X-Forwarded-For names the client (TRUSTED_PROXIES, addresses or CIDR ranges).
    public var trustedProxies: [String] = []

    /// Defaults.
    public init() {}

    init(reader: EnvironmentReader) throws {
        tlsCertificateFile = reader.string("TLS_CERT_FILE")
        tlsKeyFile = reader.string("TLS_KEY_FILE")
        if let timeout = try reader.duration("HTTP_HEADER_TIMEOUT") { headerTimeout = timeout > .zero ? timeout : nil }
        if let timeout = try reader.duration("HTTP_IDLE_TIMEOUT") { idleTimeout = timeout > .zero ? timeout : nil }
        if let limit = try reader.int("HTTP_MAX_CONNECTIONS", range: 0...1_000_000) { maxConnections = limit > 0 ? limit : nil }
        allowedHosts = Self.list(reader.string("ALLOWED_HOSTS"))
        corsOrigins = Self.list(reader.string("CORS_ALLOWED_ORIGINS"))
        for origin in corsOrigins where origin != "*" {
            guard let url = URL(string: origin), let scheme = url.scheme, ["http", "https"].contains(scheme), url.host != nil, url.path.isEmpty else {
                throw ConfigurationError(variable: "CORS_ALLOWED_ORIGINS", message: "holds '\(origin)', not an origin like https://app.example.com or *")
            }
        }
        trustedProxies = Self.list(reader.string("TRUSTED_PROXIES"))
        if let message = APIDependencies.Configuration.invalidTrustedProxy(trustedProxies) {
            throw ConfigurationError(variable: "TRUSTED_PROXIES", message: message)
        }
        guard (tlsCertificateFile == nil) == (tlsKeyFile == nil) else {
            throw ConfigurationError(variable: "TLS_CERT_FILE", message: "and TLS_KEY_FILE are set together (a PEM certificate and its key), or neither")
        }
    }

    /// Comma-separated entries, trimmed, empty ones dropped.
    static func list(_ text: String?) -> [String] {
        (text ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    /// The server's TLS configuration, or nil for plain HTTP.
    /// - Throws: ``ConfigurationError`` naming the variable when a file is missing, unreadable,
    ///   not PEM, or the key does not belong to the certificate.
    public func tlsConfiguration() throws -> TLSConfiguration? {
        guard let certificateFile = tlsCertificateFile, let keyFile = tlsKeyFile else { return nil }
        for (variable, path) in [("TLS_CERT_FILE", certificateFile), ("TLS_KEY_FILE", keyFile)] {
            guard FileManager.default.isReadableFile(atPath: path) else {
                let exists = FileManager.default.fileExists(atPath: path)
                throw ConfigurationError(variable: variable, message: exists ? "names \(path), which cannot be read" : "names \(path), which does not exist")
            }
        }
        let chain: [NIOSSLCertificate]
        do {
            chain = try NIOSSLCertificate.fromPEMFile(certificateFile)
        } catch {
            throw ConfigurationError(variable: "TLS_CERT_FILE", message: "names \(certificateFile), which holds no PEM certificate")
        }
        guard !chain.isEmpty else {
            throw ConfigurationError(variable: "TLS_CERT_FILE", message: "names \(certificateFile), which holds no PEM certificate")
        }
        let key: NIOSSLPrivateKey
        do {
            key = try NIOSSLPrivateKey(file: keyFile, format: .pem)
        } catch {
            throw ConfigurationError(variable: "TLS_KEY_FILE", message: "names \(keyFile), which holds no PEM private key (an encrypted key is not supported)")
        }
        let configuration = TLSConfiguration.makeServerConfiguration(certificateChain: chain.map { .certificate($0) }, privateKey: .privateKey(key))
        do {
            // BoringSSL checks here that the key belongs to the leaf certificate.
            _ = try NIOSSLContext(configuration: configuration)
        } catch {
            throw ConfigurationError(variable: "TLS_KEY_FILE", message: "names \(keyFile), whose key does not belong to the certificate in \(certificateFile) (\(error))")
        }
        return configuration
    }
}
