import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

@testable import SpoolAPI

@Suite("Web UI static files")
struct WebUIStaticTests {
    @Test("the bundled UI is served at / with its type, a strict CSP and revalidation headers")
    func index() async throws {
        let api = TestAPI()
        try await api.test { client in
            let index = try await client.send(.get, "/")
            #expect(index.status == .ok)
            #expect(index.headers[.contentType]?.hasPrefix("text/html") == true)
            #expect(index.text.contains(#"<script type="module" src="js/main.js">"#))
            #expect(index.headers[.contentSecurityPolicy] == WebUIMiddleware.contentSecurityPolicy)
            #expect(index.headers[.contentSecurityPolicy]?.contains("script-src 'self'") == true)
            #expect(index.headers[.xContentTypeOptions] == "nosniff")
            #expect(index.headers[.cacheControl] == "no-cache")
            let eTag = try #require(index.headers[.eTag])
            let again = try await client.execute(uri: "/", method: .get, headers: [.ifNoneMatch: eTag])
            #expect(again.status == .notModified)
            // API responses keep their own headers.
            let api = try await client.send(.get, "/api/jobs")
            #expect(api.status == .unauthorized && api.headers[.contentSecurityPolicy] == nil)
        }
    }

    @Test("every module and stylesheet the page references is served with the right type")
    func assetsResolve() async throws {
        let api = TestAPI()
        try await api.test { client in
            let html = try await client.send(.get, "/").text
            var pending = Self.references(in: html, pattern: ##"(?:src|href)="([^"#:]+\.(?:js|css|svg))""##)
            var seen = Set<String>()
            while let path = pending.popLast() {
                guard seen.insert(path).inserted else { continue }
                let response = try await client.send(.get, "/" + path)
                #expect(response.status == .ok, "\(path) is not served")
                let type = response.headers[.contentType] ?? ""
                switch (path as NSString).pathExtension {
                case "js":
                    #expect(type.contains("javascript"), "\(path): \(type)")
                    let folder = (path as NSString).deletingLastPathComponent
                    for module in Self.references(in: response.text, pattern: #"from "\./([^"]+)""#) {
                        pending.append(folder.isEmpty ? module : "\(folder)/\(module)")
                    }
                case "css": #expect(type.hasPrefix("text/css"), "\(path): \(type)")
                default: #expect(type.hasPrefix("image/svg"), "\(path): \(type)")
                }
            }
            #expect(seen.contains("js/main.js") && seen.contains("js/live.js") && seen.contains("js/queue-view.js") && seen.contains("app.css"))
        }
    }

    @Test("paths cannot climb out of the UI folder")
    func traversal() async throws {
        let api = TestAPI()
        try await api.test { client in
            for path in ["/../Package.swift", "/%2e%2e/openapi.yaml", "/js/..%2f..%2fopenapi.yaml", "/..%2fopenapi.yaml"] {
                let response = try await client.send(.get, path)
                #expect(response.status != .ok, "\(path) answered \(response.status)")
                #expect(!response.text.contains("openapi: 3"))
            }
        }
    }

    static func references(in text: String, pattern: String) -> [String] {
        guard let regex = try? NSRegularExpression(pattern: pattern) else { return [] }
        let range = NSRange(text.startIndex..., in: text)
        return regex.matches(in: text, range: range).compactMap { match in
            Range(match.range(at: 1), in: text).map { String(text[$0]) }
        }
    }
}
