import Foundation
import Testing
@testable import SpoolS3

/// The worked examples of AWS's S3 documentation ("Signature calculations for the Authorization
/// header: transferring payload in a single chunk" and "Authenticating requests: using query
/// parameters"): AKIAIOSFODNN7EXAMPLE, bucket examplebucket, us-east-1, 20130524T000000Z.
@Suite("SigV4: the S3 documentation's examples")
struct SigV4S3ExamplesTests {
    static let signer = SigV4Signer(
        credentials: S3Credentials(accessKeyID: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"),
        region: "us-east-1"
    )
    /// 20130524T000000Z.
    static let date = Date(timeIntervalSince1970: 1_369_353_600)
    static let host = "examplebucket.s3.amazonaws.com"

    @Test("GET Object with a Range header")
    func getObject() {
        let request = SigV4Request(method: "GET", path: "/test.txt", headers: [("Host", Self.host), ("Range", "bytes=0-9")])
        let signed = Self.signer.sign(request, date: Self.date)
        #expect(signed.canonicalRequest == """
            GET
            /test.txt

            host:examplebucket.s3.amazonaws.com
            range:bytes=0-9
            x-amz-content-sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
            x-amz-date:20130524T000000Z

            host;range;x-amz-content-sha256;x-amz-date
            e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
            """)
        #expect(signed.stringToSign == """
            AWS4-HMAC-SHA256
            20130524T000000Z
            20130524/us-east-1/s3/aws4_request
            7344ae5b7ee6c3e7e6b0fe0640412a37625d1fbfff95c48bbb2dc43964946972
            """)
        #expect(signed.signature == "f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41")
        #expect(signed.authorization == "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, "
            + "SignedHeaders=host;range;x-amz-content-sha256;x-amz-date, Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41")
    }

    @Test("PUT Object: a key with '$' is encoded once, the body's SHA-256 is signed")
    func putObject() {
        let request = SigV4Request(
            method: "PUT", path: "/test$file.text",
            headers: [
                ("Host", Self.host), ("Date", "Fri, 24 May 2013 00:00:00 GMT"), ("x-amz-storage-class", "REDUCED_REDUNDANCY"),
            ],
            payload: .bytes(Array("Welcome to Amazon S3.".utf8))
        )
        let signed = Self.signer.sign(request, date: Self.date)
        #expect(request.encodedPath == "/test%24file.text")
        #expect(signed.canonicalRequest == """
            PUT
            /test%24file.text

            date:Fri, 24 May 2013 00:00:00 GMT
            host:examplebucket.s3.amazonaws.com
            x-amz-content-sha256:44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072
            x-amz-date:20130524T000000Z
            x-amz-storage-class:REDUCED_REDUNDANCY

            date;host;x-amz-content-sha256;x-amz-date;x-amz-storage-class
            44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072
            """)
        #expect(signed.stringToSign.hasSuffix("\n9e0e90d9c76de8fa5b200d8c849cd5b8dc7a3be3951ddb7f6a76b4158342019d"))
        #expect(signed.signature == "98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd")
    }

    @Test("GET Bucket lifecycle: a parameter without a value is 'lifecycle='")
    func getLifecycle() {
        let request = SigV4Request(method: "GET", path: "/", query: [("lifecycle", "")], headers: [("Host", Self.host)])
        let signed = Self.signer.sign(request, date: Self.date)
        #expect(signed.canonicalRequest.split(separator: "\n", omittingEmptySubsequences: false)[2] == "lifecycle=")
        #expect(signed.stringToSign.hasSuffix("\n9766c798316ff2757b517bc739a67f6213b4ab36dd5da2f94eaebf79c77395ca"))
        #expect(signed.signature == "fea454ca298b7da1c68078a5d1bdbfbbe0d65c699e0f91ac7a200a0136783543")
    }

    @Test("GET Bucket (list objects): query parameters sorted")
    func listObjects() {
        let request = SigV4Request(method: "GET", path: "/", query: [("prefix", "J"), ("max-keys", "2")], headers: [("Host", Self.host)])
        let signed = Self.signer.sign(request, date: Self.date)
        #expect(request.encodedQuery == "max-keys=2&prefix=J")
        #expect(signed.stringToSign.hasSuffix("\ndf57d21db20da04d7fa30298dd4488ba3a2b47ca3a489c74750e0f1e7df1b9b7"))
        #expect(signed.signature == "34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7")
    }

    @Test("presigned GET: canonical request, string to sign, signature and URL exactly as documented")
    func presignedURL() throws {
        let request = SigV4Request(method: "GET", path: "/test.txt", headers: [("host", Self.host)], payload: .unsigned)
        let presigned = try Self.signer.presign(request, expires: 86400, date: Self.date)
        #expect(presigned.canonicalRequest == """
            GET
            /test.txt
            X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host
            host:examplebucket.s3.amazonaws.com

            host
            UNSIGNED-PAYLOAD
            """)
        #expect(presigned.stringToSign == """
            AWS4-HMAC-SHA256
            20130524T000000Z
            20130524/us-east-1/s3/aws4_request
            3bfa292879f6447bbcda7001decf97f4a54dc650c8942174ae0a9121cf58ad04
            """)
        #expect(presigned.signature == "aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404")
        #expect("https://\(Self.host)\(request.encodedPath)?\(presigned.encodedQuery)" == "https://examplebucket.s3.amazonaws.com/test.txt"
            + "?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request"
            + "&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host"
            + "&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404")
    }

    @Test("the S3 client builds the documented presigned URL from a virtual-hosted configuration")
    func clientPresignedURL() throws {
        let client = try S3Client(configuration: .init(
            endpoint: URL(string: "https://s3.amazonaws.com")!, bucket: "examplebucket", addressing: .virtualHosted,
            credentials: Self.signer.credentials
        ))
        let url = try client.presignedGetURL(key: "test.txt", expires: .seconds(86400), date: Self.date)
        #expect(url.absoluteString.hasPrefix("https://examplebucket.s3.amazonaws.com/test.txt?X-Amz-Algorithm=AWS4-HMAC-SHA256&"))
        #expect(url.absoluteString.hasSuffix("&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404"))
    }

    @Test("a presigned URL lives at most 7 days: 604800 s is signed, 604801 s and 0 s are refused")
    func presignExpiryLimit() throws {
        let request = SigV4Request(method: "GET", path: "/test.txt", headers: [("host", Self.host)], payload: .unsigned)
        let week = try Self.signer.presign(request, expires: 604_800, date: Self.date)
        #expect(week.encodedQuery.contains("X-Amz-Expires=604800"))
        for refused in [604_801, 0, -5] {
            let error = #expect(throws: S3Error.self) { try Self.signer.presign(request, expires: refused, date: Self.date) }
            #expect(error?.code == .invalidExpiry)
            #expect(error?.description.contains("7 days") == true)
        }
    }

    @Test("with a session token, a presigned URL signs X-Amz-Security-Token in its query")
    func presignWithSessionToken() throws {
        var credentials = Self.signer.credentials
        credentials.sessionToken = "token/with+special=chars"
        let signer = SigV4Signer(credentials: credentials, region: "us-east-1")
        let request = SigV4Request(method: "GET", path: "/test.txt", headers: [("host", Self.host)], payload: .unsigned)
        let presigned = try signer.presign(request, expires: 3600, date: Self.date)
        #expect(presigned.canonicalRequest.contains("&X-Amz-Security-Token=token%2Fwith%2Bspecial%3Dchars&X-Amz-SignedHeaders=host\n"))
        #expect(presigned.encodedQuery.hasSuffix("&X-Amz-Signature=\(presigned.signature)"))
        let plain = try Self.signer.presign(request, expires: 3600, date: Self.date)
        #expect(plain.signature != presigned.signature)
    }
}
