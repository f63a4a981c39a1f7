import Testing

@testable import SpoolAPI

@Suite("Authorization header parsing")
struct BearerTokenTests {
    @Test("the Bearer scheme in any case, spaces around the token ignored")
    func accepted() {
        #expect(AuthMiddleware<SpoolRequestContext>.bearerToken("Bearer spl_abc") == "spl_abc")
        #expect(AuthMiddleware<SpoolRequestContext>.bearerToken("bEaReR spl_abc") == "spl_abc")
        #expect(AuthMiddleware<SpoolRequestContext>.bearerToken("Bearer    spl_abc  ") == "spl_abc")
    }

    @Test("other schemes, a missing space or an empty token give no token")
    func refused() {
        #expect(AuthMiddleware<SpoolRequestContext>.bearerToken("Basic c3BsOng=") == nil)
        #expect(AuthMiddleware<SpoolRequestContext>.bearerToken("Bearerspl_abc") == nil)
        #expect(AuthMiddleware<SpoolRequestContext>.bearerToken("Bearer       ") == nil)
        #expect(AuthMiddleware<SpoolRequestContext>.bearerToken("Bearer") == nil)
        #expect(AuthMiddleware<SpoolRequestContext>.bearerToken("Beärer x") == nil)
    }
}
