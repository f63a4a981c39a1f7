import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import SpoolAPIModels
import SpoolCore
import Testing

@testable import SpoolAPI

/// Who may use which route, checked against the real server for every operation of the OpenAPI
/// document: the roles come from the document (`x-spool-role`), so a new route is checked the
/// moment it is documented, and a route the router serves but the document lacks fails here.
@Suite("Role matrix")
struct RoleMatrixTests {
    /// Path parameters of made-up resources: handlers answer 400 or 404, never 403, for them.
    static func concrete(_ path: String) -> String {
        path.replacingOccurrences(of: "{id}", with: "00000000-0000-4000-8000-00000000dead")
            .replacingOccurrences(of: "{mediaId}", with: "999999")
            .replacingOccurrences(of: "{name}", with: "made-up-profile")
    }

    /// The served document's operations (`GET /api/jobs/{id}`, …).
    static func documentedOperations(_ client: some TestClientProtocol) async throws -> (document: String, operations: [String]) {
        let document = try await client.send(.get, "/api/openapi.yaml").text
        let operations = OpenAPICoverageTests.documentedOperations(document).flatMap { path, methods in
            methods.map { RoutePolicy.key(method: $0, path: path) }
        }
        return (document, operations.sorted())
    }

    @Test("every operation of openapi.yaml declares x-spool-role, and the served policy is the document's")
    func everyOperationDeclaresARole() async throws {
        let api = try FullTestAPI()
        try await api.test { client in
            let (document, operations) = try await Self.documentedOperations(client)
            let policy = RoutePolicy(document: document)
            #expect(operations.count > 70)
            for operation in operations {
                #expect(policy.levels[operation] != nil, "\(operation) has no x-spool-role")
            }
            #expect(Set(policy.levels.keys) == Set(operations))
            #expect(policy.levels == RoutePolicy.embedded.levels)
            #expect(policy.levels["POST /api/tokens"] == .user)
            #expect(policy.levels["GET /healthz"] == .public)
            #expect(policy.levels["PATCH /api/webhooks/{id}"] == .admin)
        }
    }

    @Test("every route the router serves (HTTP and WebSocket upgrades) is documented with a role, and every documented one is served")
    func everyRouteIsDocumented() async throws {
        let api = try FullTestAPI()
        let dependencies = api.dependencies
        let components = APIComponents(dependencies, logger: Logger(label: "spool.api.test"))
        let router = buildRouter(dependencies, components: components)
        let webSocketRouter = buildWebSocketRouter(components)
        let policy = RoutePolicy.embedded
        let served = Set(router.routes.filter { $0.method != .head }.map { RoutePolicy.key(method: $0.method.rawValue, path: $0.path.description) })
        for operation in served {
            #expect(policy.levels[operation] != nil, "\(operation) is served but not in openapi.yaml with an x-spool-role")
        }
        for route in webSocketRouter.routes {
            let operation = RoutePolicy.key(method: "GET", path: route.path.description)
            #expect(policy.levels[operation] != nil, "the WebSocket route \(route.path) is not in openapi.yaml with an x-spool-role")
        }
        for operation in policy.levels.keys {
            #expect(served.contains(operation), "\(operation) is documented but not served")
        }
    }

    @Test("admin, user and viewer on every documented operation: 403 naming the role exactly when the declared role is higher")
    func matrix() async throws {
        let api = try FullTestAPI()
        try await api.test { client in
            let (document, operations) = try await Self.documentedOperations(client)
            let policy = RoutePolicy(document: document)
            for role in [Role.admin, .user, .viewer] {
                for operation in operations {
                    let level = try #require(policy.levels[operation])
                    let parts = operation.split(separator: " ", maxSplits: 1)
                    let method = HTTPRequest.Method(rawValue: String(parts[0]))!
                    // A fresh token per call: logout and token revocation end the one they are sent with.
                    let token = try await api.token("\(role.rawValue)-matrix", role: role)
                    // `lastEventId=x` makes the event stream answer 400 at once instead of streaming.
                    let uri = Self.concrete(String(parts[1])) + "?lastEventId=x"
                    let body = [.post, .put, .patch].contains(method) ? "{}" : nil
                    let response = try await client.send(method, uri, headers: [.authorization: "Bearer \(token)"], json: body)
                    if level.admits(role) {
                        #expect(response.status != .forbidden, "\(role) on \(operation) (\(level)): \(response.status) \(response.text.prefix(200))")
                        #expect(response.status != .unauthorized, "\(role) on \(operation): \(response.status)")
                    } else {
                        #expect(response.status == .forbidden, "\(role) on \(operation) (\(level)): \(response.status)")
                        #expect(response.errorCode == "forbidden")
                        #expect(response.errorMessage?.contains("needs the \(level.rawValue) role") == true, "\(response.errorMessage ?? "")")
                    }
                }
            }
        }
    }

    @Test("without a token every operation but the public ones answers 401")
    func anonymous() async throws {
        let api = try FullTestAPI()
        try await api.test { client in
            let (document, operations) = try await Self.documentedOperations(client)
            let policy = RoutePolicy(document: document)
            for operation in operations where policy.levels[operation] != .public && !policy.handlerAuthenticated.contains(operation) {
                let parts = operation.split(separator: " ", maxSplits: 1)
                let response = try await client.send(HTTPRequest.Method(rawValue: String(parts[0]))!, Self.concrete(String(parts[1])))
                #expect(response.status == .unauthorized, "\(operation): \(response.status)")
            }
        }
    }

    @Test("Transmission RPC methods follow x-spool-rpc-roles: viewers read, users and admins change")
    func transmissionMethods() async throws {
        let api = try FullTestAPI()
        let policy = RoutePolicy.embedded
        #expect(policy.rpcLevels.count == 17)
        for role in [Role.admin, .user, .viewer] {
            _ = try await api.token("\(role.rawValue)-rpc", role: role)
        }
        try await api.test { client in
            for role in [Role.admin, .user, .viewer] {
                let rpc = TransmissionTestClient(client: client, authorization: TransmissionTestClient.basic("\(role.rawValue)-rpc", "password-\(role.rawValue)-rpc"))
                for (method, level) in policy.rpcLevels.sorted(by: { $0.key < $1.key }) {
                    let name = method.replacingOccurrences(of: "_", with: "-")
                    // Arguments that change nothing: no ids select no job, and torrent-add lacks a filename.
                    let answer = try await rpc.call(name, #"{"ids":[],"fields":["id"],"path":"/"}"#)
                    let result = answer["result"]?.stringValue ?? ""
                    if level.admits(role) {
                        #expect(!result.hasPrefix("forbidden"), "\(role) \(name): \(result)")
                    } else {
                        #expect(result == "forbidden: \(name) needs the \(level.rawValue) role; this user is a \(role.rawValue)", "\(role) \(name)")
                    }
                }
            }
        }
    }

    @Test("viewers cannot create API tokens (403 naming the user role), but list and revoke their own and log out")
    func viewerTokens() async throws {
        let api = try FullTestAPI()
        let first = try await api.token("vera", role: .viewer)
        let second = try await api.token("vera", role: .viewer)
        try await api.test { client in
            let headers: HTTPFields = [.authorization: "Bearer \(first)"]
            let create = try await client.send(.post, "/api/tokens", headers: headers, json: #"{"name":"cli"}"#)
            #expect(create.status == .forbidden)
            #expect(create.errorMessage == "POST /api/tokens needs the user role; this user is a viewer")
            let list = try await client.send(.get, "/api/tokens", headers: headers)
            #expect(list.status == .ok)
            let tokens = try list.decode(TokenListResponse.self).tokens
            #expect(tokens.count == 2)
            let other = try #require(tokens.first { second.contains($0.id) })
            #expect(try await client.send(.delete, "/api/tokens/\(other.id)", headers: headers).status == .noContent)
            #expect(try await client.send(.get, "/api/jobs", headers: [.authorization: "Bearer \(second)"]).status == .unauthorized)
            #expect(try await client.send(.post, "/api/auth/logout", headers: headers).status == .noContent)
        }
    }

    @Test("an operation the document does not declare is refused to everyone, admins included (fail closed)")
    func undeclaredOperationsFailClosed() async throws {
        let auth = MemoryAuthStore()
        try await createUser(auth: auth, username: "root", password: "password-root", role: .admin, bcryptCost: 4)
        let token = try await createAPIToken(auth: auth, username: "root", name: "test")
        let policy = RoutePolicy(document: """
            paths:
              /declared:
                get:
                  x-spool-role: admin
              /undeclared:
                get:
                  summary: no role here
            """)
        let router = Router(context: SpoolRequestContext.self)
        router.add(middleware: ErrorMiddleware())
        router.add(middleware: AccessPolicyMiddleware(policy: policy, auth: AuthService(store: auth, hasher: PasswordHasher(cost: 4), sessionTTL: .seconds(60))))
        router.get("declared") { _, _ in "ok" }
        router.get("undeclared") { _, _ in "ok" }
        try await Application(router: router).test(.router) { client in
            let headers: HTTPFields = [.authorization: "Bearer \(token)"]
            #expect(try await client.send(.get, "/declared", headers: headers).status == .ok)
            let refused = try await client.send(.get, "/undeclared", headers: headers)
            #expect(refused.status == .forbidden)
            #expect(refused.errorMessage?.contains("declares no role") == true)
        }
    }
}
