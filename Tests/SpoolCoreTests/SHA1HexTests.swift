import SpoolCore
import Testing

@Suite("SHA-1")
struct SHA1HexTests {
    /// FIPS 180 and RFC 3174 test vectors.
    static let vectors: [(String, String)] = [
        ("", "da39a3ee5e6b4b0d3255bfef95601890afd80709"),
        ("abc", "a9993e364706816aba3e25717850c26c9cd0d89d"),
        ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "84983e441c3bd26ebaae4aa1f95129e5e54670f1"),
        ("The quick brown fox jumps over the lazy dog", "2fd4e1c67a2d28fced849ee1bb76e7391b93eb12"),
        (String(repeating: "a", count: 1_000_000), "34aa973cd4c4daa4f61eeb2bdbad27316534016f"),
    ]

    @Test("known vectors", arguments: vectors)
    func knownVectors(input: String, digest: String) {
        #expect(SHA1Hex.digest(input) == digest)
    }

    @Test("a job's torrent hash is the SHA-1 of its id's text")
    func torrentHash() {
        #expect(JobID("0f4a1b2c-0000-4000-8000-000000000001").torrentHash == "b96c9ac40e80208607cf5fc5b23f1bc714d73c85")
    }
}
