import Foundation
import HTTPTypes
import SpoolCore
import SpoolEmbedded

/// Who may use each operation of the API: the minimum ``AccessLevel`` of every path and method,
/// read from the OpenAPI document's `x-spool-role` (the one place roles are declared), and of every
/// Transmission RPC method (`x-spool-rpc-roles` of `POST /transmission/rpc`).
///
/// An operation the document does not declare has no level: ``AccessPolicyMiddleware`` refuses it
/// to everyone (fail closed). Operations marked `x-spool-authenticates: handler` (the Transmission
/// RPC with HTTP basic auth, Socket.IO's polling transport with its CONNECT packet) check the
/// credential themselves: the RPC then applies ``rpcLevel(_:)`` per method; Socket.IO is declared
/// `viewer`, which every signed-in user reaches.
public struct RoutePolicy: Sendable {
    /// The operations' levels, keyed by ``key(method:path:)``.
    public private(set) var levels: [String: AccessLevel]
    /// Operations whose handler reads the credential itself.
    public private(set) var handlerAuthenticated: Set<String>
    /// Levels of the Transmission RPC methods, keyed by snake-case name (`torrent_get`).
    public private(set) var rpcLevels: [String: AccessLevel]

    /// The policy of the OpenAPI document embedded in the binary (parsed once).
    public static let embedded = RoutePolicy(document: String(decoding: EmbeddedFiles.openAPIDocument, as: UTF8.self))

    /// Reads the levels of an OpenAPI document's `paths` section.
    ///
    /// A line-by-line scan over UTF-8 (the server does it once at start): no YAML parser, and no
    /// Foundation string bridging, which made this a fifth of start-up's instructions.
    public init(document: String) {
        var levels: [String: AccessLevel] = [:]
        var handlerAuthenticated: Set<String> = []
        var rpcLevels: [String: AccessLevel] = [:]
        var path: String?
        var operation: String?
        var inRPCRoles = false
        for bytes in document.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            let line = Substring(bytes)
            let indent = bytes.prefix { $0 == UInt8(ascii: " ") }.count
            let text = Self.trimmed(line)
            if text.isEmpty || text.hasPrefix("#") { continue }
            if indent == 0 {
                path = line.hasPrefix("paths:") ? "" : nil
                operation = nil
                continue
            }
            guard let currentPath = path else { continue }
            if indent == 2, text.hasPrefix("/"), text.hasSuffix(":") {
                path = String(text.dropLast())
                operation = nil
            } else if indent == 4, text.hasSuffix(":"), Self.methods.contains(String(text.dropLast())), !currentPath.isEmpty {
                operation = Self.key(method: String(text.dropLast()), path: currentPath)
                inRPCRoles = false
            } else if indent == 6, let operation {
                inRPCRoles = text == "x-spool-rpc-roles:"
                if let value = Self.value(of: "x-spool-role", in: text), let level = AccessLevel(rawValue: String(value)) {
                    levels[operation] = level
                } else if Self.value(of: "x-spool-authenticates", in: text) == "handler" {
                    handlerAuthenticated.insert(operation)
                }
            } else if indent == 8, inRPCRoles, operation != nil, let colon = text.firstIndex(of: ":") {
                let name = String(text[..<colon]).replacing("-", with: "_")
                if let level = AccessLevel(rawValue: String(Self.trimmed(text[text.index(after: colon)...]))) {
                    rpcLevels[name] = level
                }
            } else if indent < 6 {
                inRPCRoles = false
            }
        }
        self.levels = levels
        self.handlerAuthenticated = handlerAuthenticated
        self.rpcLevels = rpcLevels
    }

    /// The key of an operation: `GET /api/jobs/{id}` (HEAD counts as GET).
    public static func key(method: String, path: String) -> String {
        let method = method.uppercased()
        return "\(method == "HEAD" ? "GET" : method) \(path)"
    }

    /// The level of `method` on the route `path` (a template such as `/api/jobs/{id}`), or nil when
    /// the document declares none.
    public func level(method: HTTPRequest.Method, path: String) -> AccessLevel? {
        levels[Self.key(method: method.rawValue, path: path)]
    }

    /// The level of a Transmission RPC method (snake case, as ``TransmissionCall/method``), or nil.
    public func rpcLevel(_ method: String) -> AccessLevel? {
        rpcLevels[method]
    }

    /// Changes one operation's level (`/metrics` is public with `METRICS_PUBLIC=true`).
    public mutating func set(_ level: AccessLevel, method: HTTPRequest.Method, path: String) {
        levels[Self.key(method: method.rawValue, path: path)] = level
    }

    /// Throws `403 forbidden` naming the level needed unless `role` reaches `level`.
    public static func authorize(_ role: Role, level: AccessLevel, operation: String) throws {
        guard level.admits(role) else {
            throw APIError.forbidden("\(operation) needs the \(level.rawValue) role; this user is a \(role.rawValue)")
        }
    }

    private static let methods: Set<String> = ["get", "put", "post", "patch", "delete", "head", "options"]

    private static func value(of key: String, in text: Substring) -> Substring? {
        guard text.hasPrefix(key + ":") else { return nil }
        return trimmed(text.dropFirst(key.count + 1))
    }

    /// `text` without leading and trailing spaces and tabs.
    private static func trimmed(_ text: Substring) -> Substring {
        let bytes = text.utf8
        var start = bytes.startIndex
        var end = bytes.endIndex
        while start < end, bytes[start] == UInt8(ascii: " ") || bytes[start] == UInt8(ascii: "\t") {
            bytes.formIndex(after: &start)
        }
        while end > start, case let last = bytes[bytes.index(before: end)], last == UInt8(ascii: " ") || last == UInt8(ascii: "\t") {
            bytes.formIndex(before: &end)
        }
        return text[start..<end]
    }
}
