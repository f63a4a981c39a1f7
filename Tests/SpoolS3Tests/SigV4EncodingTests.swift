import Testing
@testable import SpoolS3

@Suite("SigV4: URI encoding as S3 wants it")
struct SigV4EncodingTests {
    @Test("a path is encoded once per segment: spaces, '+', '%', unicode; '/' kept, nothing normalised", arguments: [
        ("/bucket/my video.mp4", "/bucket/my%20video.mp4"),
        ("/bucket/a+b=c&d", "/bucket/a%2Bb%3Dc%26d"),
        ("/bucket/100%.mp4", "/bucket/100%25.mp4"),
        ("/bucket/Ünïcødé/ሴ.mkv", "/bucket/%C3%9Cn%C3%AFc%C3%B8d%C3%A9/%E1%88%B4.mkv"),
        ("/bucket/a//b/../c/./d", "/bucket/a//b/../c/./d"),
        ("/bucket/-._~AZaz09", "/bucket/-._~AZaz09"),
        ("", "/"),
        ("bucket/key", "/bucket/key"),
    ])
    func path(raw: String, encoded: String) {
        #expect(SigV4Request(method: "GET", path: raw, headers: []).encodedPath == encoded)
    }

    @Test("query names and values are encoded with '/' too, then sorted by name and value")
    func query() {
        let request = SigV4Request(
            method: "GET", path: "/",
            query: [("prefix", "videos/2026 12/"), ("list-type", "2"), ("continuation-token", "a+b/c=="), ("b", "2"), ("b", "10"), ("uploads", "")],
            headers: []
        )
        #expect(request.encodedQuery == "b=10&b=2&continuation-token=a%2Bb%2Fc%3D%3D&list-type=2&prefix=videos%2F2026%2012%2F&uploads=")
    }

    @Test("header values are trimmed and inner runs of spaces collapsed; repeated names joined with ','")
    func headers() {
        let (block, signed) = SigV4Signer.canonicalHeaders([
            ("X-Amz-Meta-Title", "  A   long\ttitle  "), ("Host", "h"), ("x-amz-meta-title", "second"),
        ])
        #expect(block == "host:h\nx-amz-meta-title:A long title,second\n")
        #expect(signed == "host;x-amz-meta-title")
    }
}
