import Foundation
import Yams

/// The repository's files, found from this source file's path.
enum Repository {
    /// The repository root.
    static let root: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent() // Support
        .deletingLastPathComponent() // DeploymentTests
        .deletingLastPathComponent() // Tests
        .deletingLastPathComponent()

    /// A file's text.
    static func text(_ path: String) throws -> String {
        try String(contentsOf: root.appendingPathComponent(path), encoding: .utf8)
    }

    /// The files of a folder whose names end with `suffix`, sorted, as repository paths.
    static func files(in folder: String, suffix: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent(folder).path)
            .filter { $0.hasSuffix(suffix) }
            .sorted()
            .map { "\(folder)/\($0)" }
    }

    /// Every YAML document of a file.
    static func yamlDocuments(_ path: String) throws -> [Node] {
        var documents = try Yams.compose_all(yaml: text(path))
        var nodes: [Node] = []
        while let node = documents.next() { nodes.append(node) }
        if let error = documents.error { throw error }
        return nodes
    }

    /// `NAME=value` lines of an env file (comments and blank lines skipped), in order.
    static func envFile(_ path: String) throws -> [(name: String, value: String)] {
        try text(path).split(separator: "\n").compactMap { line in
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard !trimmed.hasPrefix("#"), let equals = trimmed.firstIndex(of: "=") else { return nil }
            return (String(trimmed[..<equals]), String(trimmed[trimmed.index(after: equals)...]))
        }
    }

    /// Names assigned in an env file's lines, commented-out examples (`# NAME=…`) included.
    static func documentedNames(_ path: String) throws -> [String] {
        let pattern = /^#?\s*([A-Z][A-Z0-9_]*)=/
        return try text(path).split(separator: "\n").compactMap { line in
            (try? pattern.firstMatch(in: String(line))).map { String($0.1) }
        }
    }
}

/// Variables that deployment files set for programs other than Spool (the Redis and PostgreSQL
/// containers) or that only Docker Compose substitutes; they never reach a Spool process.
enum OtherVariables {
    /// Read by the official redis and postgres images, and by `redis-cli`.
    static let datastore: Set<String> = ["REDIS_PASSWORD", "REDISCLI_AUTH", "POSTGRES_USER", "POSTGRES_PASSWORD", "POSTGRES_DB", "PGDATA"]
    /// Substituted into docker-compose.yml only.
    static let compose: Set<String> = ["REDIS_PASSWORD", "POSTGRES_PASSWORD", "SPOOL_IMAGE", "SPOOL_PORT", "REDIS_MAXMEMORY"]
}

/// A deployment file that cannot be read as expected.
struct DeploymentFileError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
