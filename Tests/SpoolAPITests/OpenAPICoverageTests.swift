import Foundation
import Hummingbird
import Logging
@testable import SpoolAPI
import Testing

@Suite("OpenAPI coverage")
struct OpenAPICoverageTests {
    /// The methods `openapi.yaml` documents per path: `  /path:` lines, then `    get:`-style lines.
    static func documentedOperations(_ document: String) -> [String: Set<String>] {
        var operations: [String: Set<String>] = [:]
        var path: String?
        for line in document.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("  /"), line.hasSuffix(":") {
                path = String(line.dropFirst(2).dropLast())
            } else if !line.hasPrefix(" ") {
                path = nil
            } else if let path, line.hasPrefix("    "), !line.hasPrefix("     "), line.hasSuffix(":") {
                let method = line.trimmingCharacters(in: .whitespaces).dropLast()
                if ["get", "put", "post", "patch", "delete"].contains(method) { operations[path, default: []].insert(String(method)) }
            }
        }
        return operations
    }

    @Test("every source, archive, profile, processing, hardware and retention route the router serves is documented in openapi.yaml")
    func archiveRoutesDocumented() async throws {
        let api = try ArchiveTestAPI()
        let dependencies = api.dependencies
        let router = buildRouter(dependencies, components: APIComponents(dependencies, logger: Logger(label: "spool.api.test")))
        let response = try await api.application.test(.router) { client in try await client.send(.get, "/api/openapi.yaml") }
        let documented = Self.documentedOperations(response.text)
        let routes = router.routes.filter { route in
            route.method != .head && ["/api/sources", "/api/archive", "/api/profiles", "/api/processing", "/api/hw", "/api/retention"]
                .contains { route.path.description.hasPrefix($0) }
        }
        #expect(routes.count == 26)
        for route in routes {
            let method = route.method.rawValue.lowercased()
            #expect(documented[route.path.description]?.contains(method) == true, "\(route.method) \(route.path) is not in openapi.yaml")
        }
    }
}
