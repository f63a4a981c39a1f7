import AsyncHTTPClient
import Foundation

/// A client of one S3 bucket on AsyncHTTPClient, signing with AWS Signature Version 4: objects
/// (put from a file, head, ranged get, delete, list), multipart uploads (create, upload a part from a
/// file range, list parts, complete, abort, list uploads) and presigned GET URLs.
///
/// Bodies are streamed from files, never loaded whole. Failures are ``S3Error``s carrying S3's code
/// and HTTP status (`NoSuchBucket` 404, `SignatureDoesNotMatch` 403, …); cancellation stays a
/// `CancellationError`.
///
/// ```swift
/// let client = try S3Client(configuration: .init(
///     endpoint: URL(string: "http://127.0.0.1:9000")!, bucket: "videos",
///     credentials: S3Credentials(accessKeyID: "…", secretAccessKey: "…")))
/// try await client.putObject(key: "a/b.mp4", fileAt: "/tmp/b.mp4", contentType: "video/mp4")
/// let url = try client.presignedGetURL(key: "a/b.mp4", expires: .seconds(3600))
/// ```
public struct S3Client: Sendable {
    /// The bucket, endpoint and credentials.
    public let configuration: Configuration
    /// The signer built from the configuration.
    public let signer: SigV4Signer
    let httpClient: HTTPClient
    let endpointHost: String
    let endpointPort: Int?
    let basePath: String

    /// A client for the configured bucket.
    /// - Throws: ``S3Error/Code/invalidConfiguration`` for an endpoint that is not `http(s)://host`,
    ///   an empty bucket, or virtual-hosted addressing of an IP address.
    public init(configuration: Configuration, httpClient: HTTPClient = .shared) throws(S3Error) {
        guard let scheme = configuration.endpoint.scheme?.lowercased(), scheme == "http" || scheme == "https",
            let host = configuration.endpoint.host, !host.isEmpty
        else {
            throw S3Error(code: .invalidConfiguration, message: "the endpoint must be an http:// or https:// URL with a host, not \(configuration.endpoint)")
        }
        guard !configuration.bucket.isEmpty, !configuration.bucket.contains("/") else {
            throw S3Error(code: .invalidConfiguration, message: "the bucket name must be set and contain no '/'")
        }
        if configuration.addressing == .virtualHosted, host.allSatisfy({ $0.isNumber || $0 == "." || $0 == ":" }) || host.contains(":") {
            throw S3Error(code: .invalidConfiguration, message: "virtual-hosted addressing needs a DNS name, not \(host); use path-style")
        }
        self.configuration = configuration
        self.httpClient = httpClient
        self.signer = SigV4Signer(credentials: configuration.credentials, region: configuration.region)
        // An IPv6 address goes in brackets in the Host header and the URL.
        self.endpointHost = host.contains(":") && !host.hasPrefix("[") ? "[\(host)]" : host
        let defaultPort = scheme == "https" ? 443 : 80
        self.endpointPort = configuration.endpoint.port.flatMap { $0 == defaultPort ? nil : $0 }
        var base = configuration.endpoint.path
        while base.hasSuffix("/") { base.removeLast() }
        self.basePath = base
    }

    /// The bucket's name.
    public var bucket: String { configuration.bucket }

    /// The `Host` header and the unencoded path of a request for `key` (nil: the bucket itself).
    func location(key: String?) -> (host: String, path: String) {
        let port = endpointPort.map { ":\($0)" } ?? ""
        switch configuration.addressing {
        case .pathStyle:
            let path = basePath + "/" + configuration.bucket + (key.map { "/" + $0 } ?? "")
            return (endpointHost + port, path)
        case .virtualHosted:
            return (configuration.bucket + "." + endpointHost + port, basePath + "/" + (key ?? ""))
        }
    }

    /// The URL of a request: scheme, host, the encoded path and query.
    func url(host: String, request: SigV4Request, encodedQuery: String) -> String {
        let scheme = configuration.endpoint.scheme?.lowercased() ?? "https"
        return "\(scheme)://\(host)\(request.encodedPath)" + (encodedQuery.isEmpty ? "" : "?" + encodedQuery)
    }
}
