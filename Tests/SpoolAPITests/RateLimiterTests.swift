import Testing

@testable import SpoolAPI

@Suite("Rate limiter and token format")
struct RateLimiterTests {
    @Test("a bucket allows a burst of `limit`, then refills evenly over the window")
    func tokenBucket() {
        let limiter = RateLimiter(RateLimit(limit: 2, per: .seconds(10)))
        let start = ContinuousClock.now
        #expect(limiter.acquire("a", now: start) == nil)
        #expect(limiter.acquire("a", now: start) == nil)
        let wait = limiter.acquire("a", now: start)
        #expect(wait != nil && wait! > .seconds(4) && wait! <= .seconds(5))
        #expect(limiter.acquire("b", now: start) == nil)
        #expect(limiter.acquire("a", now: start + .seconds(5)) == nil)
        #expect(limiter.acquire("a", now: start + .seconds(5)) != nil)
        #expect(RateLimiter(.unlimited).acquire("a") == nil)
    }

    @Test("tokens are spl_<16 hex>_<43 base64url>, random, and hashed as 64 hex digits")
    func tokenFormat() {
        let (id, token) = APITokenCodec.generate()
        #expect(token.hasPrefix("spl_\(id)_"))
        #expect(APITokenCodec.isWellFormed(token))
        #expect(APITokenCodec.generate().token != token)
        let hash = APITokenCodec.hash(token)
        #expect(hash.count == 64 && hash.allSatisfy(\.isHexDigit) && hash != APITokenCodec.hash(token + "x"))
        #expect(!APITokenCodec.isWellFormed("spl_\(id)_short"))
        #expect(!APITokenCodec.isWellFormed("Bearer " + token))
    }

    @Test("metric route labels are patterns, never ids")
    func routeLabels() {
        #expect(HTTPMetricsMiddleware<SpoolRequestContext>.routeLabel("/api/jobs/:id/logs") == "/api/jobs/{id}/logs")
        #expect(HTTPMetricsMiddleware<SpoolRequestContext>.routeLabel(nil) == "unmatched")
        #expect(HTTPMetricsMiddleware<SpoolRequestContext>.routeLabel("NotFound") == "unmatched")
    }
}
