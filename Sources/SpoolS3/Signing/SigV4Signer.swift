import Crypto
import Foundation

/// AWS Signature Version 4 (`AWS4-HMAC-SHA256`) for one set of credentials, region and service:
/// the canonical request, the string to sign, the signing key (an HMAC chain over the date, region,
/// service and `aws4_request`), the `Authorization` header, and presigned URLs (query-string auth).
///
/// Paths are encoded as S3 wants them: each segment once, no normalisation of `.` and `..`.
///
/// ```swift
/// let signer = SigV4Signer(credentials: credentials, region: "us-east-1")
/// let signed = signer.sign(SigV4Request(method: "GET", path: "/videos/a.mp4", headers: [("host", host)]), date: .now)
/// ```
public struct SigV4Signer: Sendable {
    /// The algorithm name that starts the string to sign and the `Authorization` header.
    public static let algorithm = "AWS4-HMAC-SHA256"
    /// The longest a presigned URL may live: 7 days, in seconds.
    public static let maxPresignedExpiry = 604_800

    /// The keys.
    public var credentials: S3Credentials
    /// The region of the credential scope, e.g. `us-east-1`.
    public var region: String
    /// The service of the credential scope, e.g. `s3`.
    public var service: String
    /// Whether ``sign(_:date:)`` adds (and signs) `x-amz-content-sha256`, which S3 requires; other
    /// services do not use it. Defaults to `service == "s3"`.
    public var addsContentSHA256Header: Bool

    /// A signer for these credentials, region and service (`s3` unless told otherwise).
    public init(credentials: S3Credentials, region: String, service: String = "s3") {
        self.credentials = credentials
        self.region = region
        self.service = service
        self.addsContentSHA256Header = service == "s3"
    }

    /// Signs `request` for the `Authorization` header at `date`.
    ///
    /// Adds `x-amz-date` (replacing one the request had), `x-amz-content-sha256` (for S3, unless
    /// present) and `x-amz-security-token` (with a session token, unless present), and signs every
    /// header of the request.
    public func sign(_ request: SigV4Request, date: Date) -> SigV4Signature {
        let time = SigV4Timestamp(date)
        var headers = request.headers.filter { $0.name.lowercased() != "x-amz-date" }
        headers.append(("x-amz-date", time.dateTime))
        if addsContentSHA256Header, !headers.contains(where: { $0.name.lowercased() == "x-amz-content-sha256" }) {
            headers.append(("x-amz-content-sha256", request.payload.hashedValue))
        }
        if let token = credentials.sessionToken, !headers.contains(where: { $0.name.lowercased() == "x-amz-security-token" }) {
            headers.append(("x-amz-security-token", token))
        }
        let canonical = Self.canonicalHeaders(headers)
        let canonicalRequest = [
            request.method, request.encodedPath, request.encodedQuery, canonical.block, canonical.signedHeaders,
            request.payload.hashedValue,
        ].joined(separator: "\n")
        let scope = credentialScope(time)
        let stringToSign = Self.stringToSign(canonicalRequest: canonicalRequest, time: time, scope: scope)
        let signature = self.signature(of: stringToSign, dateStamp: time.date)
        let authorization = "\(Self.algorithm) Credential=\(credentials.accessKeyID)/\(scope), "
            + "SignedHeaders=\(canonical.signedHeaders), Signature=\(signature)"
        headers.append(("Authorization", authorization))
        return SigV4Signature(
            canonicalRequest: canonicalRequest, stringToSign: stringToSign, signature: signature,
            authorization: authorization, headers: headers
        )
    }

    /// Signs `request` in its query string: a presigned URL valid for `expires` seconds from `date`.
    ///
    /// The request's own query is kept and signed; its headers (at least `host`) are signed; the
    /// payload is normally ``SigV4Payload/unsigned``. A session token goes in `X-Amz-Security-Token`.
    /// - Throws: ``S3Error/Code/invalidExpiry`` when `expires` is not within 1…604,800 s (7 days).
    public func presign(_ request: SigV4Request, expires: Int, date: Date) throws(S3Error) -> SigV4PresignedQuery {
        guard (1...Self.maxPresignedExpiry).contains(expires) else {
            throw S3Error(
                code: .invalidExpiry,
                message: "a presigned URL lives 1 s to 7 days (604800 s); \(expires) s was asked for"
            )
        }
        let time = SigV4Timestamp(date)
        let scope = credentialScope(time)
        let canonical = Self.canonicalHeaders(request.headers)
        var query = request.query
        query.append(("X-Amz-Algorithm", Self.algorithm))
        query.append(("X-Amz-Credential", "\(credentials.accessKeyID)/\(scope)"))
        query.append(("X-Amz-Date", time.dateTime))
        query.append(("X-Amz-Expires", String(expires)))
        if let token = credentials.sessionToken { query.append(("X-Amz-Security-Token", token)) }
        query.append(("X-Amz-SignedHeaders", canonical.signedHeaders))
        let canonicalQuery = SigV4Encoding.canonicalQuery(query)
        let canonicalRequest = [
            request.method, request.encodedPath, canonicalQuery, canonical.block, canonical.signedHeaders,
            request.payload.hashedValue,
        ].joined(separator: "\n")
        let stringToSign = Self.stringToSign(canonicalRequest: canonicalRequest, time: time, scope: scope)
        let signature = self.signature(of: stringToSign, dateStamp: time.date)
        return SigV4PresignedQuery(
            canonicalRequest: canonicalRequest, stringToSign: stringToSign, signature: signature,
            encodedQuery: canonicalQuery + "&X-Amz-Signature=" + signature
        )
    }

    /// The signing key of one day: HMAC-SHA256 chained over `AWS4` + secret, the date (`yyyyMMdd`),
    /// the region, the service and `aws4_request`.
    public func signingKey(dateStamp: String) -> SymmetricKey {
        var key = SymmetricKey(data: Array(("AWS4" + credentials.secretAccessKey).utf8))
        for part in [dateStamp, region, service, "aws4_request"] {
            key = SymmetricKey(data: Array(HMAC<SHA256>.authenticationCode(for: Array(part.utf8), using: key)))
        }
        return key
    }

    // MARK: Steps

    private func credentialScope(_ time: SigV4Timestamp) -> String {
        "\(time.date)/\(region)/\(service)/aws4_request"
    }

    private func signature(of stringToSign: String, dateStamp: String) -> String {
        Hex.encode(HMAC<SHA256>.authenticationCode(for: Array(stringToSign.utf8), using: signingKey(dateStamp: dateStamp)))
    }

    private static func stringToSign(canonicalRequest: String, time: SigV4Timestamp, scope: String) -> String {
        let hash = Hex.encode(SHA256.hash(data: Array(canonicalRequest.utf8)))
        return [algorithm, time.dateTime, scope, hash].joined(separator: "\n")
    }

    /// The canonical headers block (`name:value` lines, each ending with a newline) and the signed
    /// headers list: names lowercased and sorted, values trimmed with inner runs of spaces collapsed,
    /// the values of a repeated name joined with `,` in the order given.
    static func canonicalHeaders(_ headers: [(name: String, value: String)]) -> (block: String, signedHeaders: String) {
        var values: [String: [String]] = [:]
        for (name, value) in headers {
            values[name.lowercased(), default: []].append(trimAll(value))
        }
        let names = values.keys.sorted(by: SigV4Encoding.precedes)
        let block = names.map { "\($0):\(values[$0]!.joined(separator: ","))\n" }.joined()
        return (block, names.joined(separator: ";"))
    }

    /// Leading and trailing whitespace removed, inner runs of spaces and tabs made one space.
    static func trimAll(_ value: String) -> String {
        var output: [UInt8] = []
        var pendingSpace = false
        for byte in value.utf8 {
            if byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") {
                pendingSpace = !output.isEmpty
            } else {
                if pendingSpace { output.append(UInt8(ascii: " ")) }
                pendingSpace = false
                output.append(byte)
            }
        }
        return String(decoding: output, as: UTF8.self)
    }
}
