import Foundation
import Yams

/// docker-compose.yml with its `${…}` substitutions resolved from deploy/compose.env.example, the
/// way `docker compose` resolves them from a `.env` copied from it.
struct ComposeFile {
    /// The parsed file (after substitution).
    let root: Node
    /// Every name substituted (`${NAME…}`), in the raw text.
    let substitutedNames: Set<String>
    /// `${NAME:?…}` names that the example leaves empty (compose would refuse to start).
    let missingRequired: Set<String>
    /// The example's values.
    let example: [String: String]

    static let path = "docker-compose.yml"
    static let examplePath = "deploy/compose.env.example"

    init() throws {
        let raw = try Repository.text(Self.path)
        example = Dictionary(try Repository.envFile(Self.examplePath).map { ($0.name, $0.value) }, uniquingKeysWith: { $1 })
        var names: Set<String> = []
        var missing: Set<String> = []
        let pattern = /\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?\}/
        let values = example
        let resolved = raw.replacing(pattern) { match in
            let name = String(match.1)
            names.insert(name)
            let value = values[name] ?? ""
            switch match.2.map(String.init) {
            case ":-"?: return value.isEmpty ? String(match.3 ?? "") : value
            case "-"?: return values[name] == nil ? String(match.3 ?? "") : value
            case ":?"?, "?"?:
                if value.isEmpty { missing.insert(name) }
                return value
            default: return value
            }
        }
        substitutedNames = names
        missingRequired = missing
        guard let root = try Yams.compose(yaml: resolved) else { throw DeploymentFileError("\(Self.path) is empty") }
        self.root = root
    }

    /// The services by name.
    var services: [String: Node] {
        Dictionary(uniqueKeysWithValues: (root["services"]?.entries ?? []).map { ($0.key, $0.value) })
    }

    /// A service's environment as a dictionary (map or `NAME=value` list form).
    static func environment(of service: Node) -> [String: String] {
        guard let environment = service["environment"] else { return [:] }
        if environment.mapping != nil {
            return Dictionary(uniqueKeysWithValues: environment.entries.map { ($0.key, $0.value.text ?? "") })
        }
        return Dictionary(environment.texts.map { item in
            let parts = item.split(separator: "=", maxSplits: 1).map(String.init)
            return (parts[0], parts.count > 1 ? parts[1] : "")
        }, uniquingKeysWith: { $1 })
    }

    /// A service's command as words (list or string form).
    static func command(of service: Node) -> [String] {
        guard let command = service["command"] else { return [] }
        if let text = command.text { return text.split(separator: " ").map(String.init) }
        return command.texts
    }

    /// A service's healthcheck test as words, without the `CMD`/`CMD-SHELL` marker.
    static func healthcheck(of service: Node) -> [String] {
        let words = service[path: "healthcheck", "test"]?.texts ?? []
        return Array(words.drop { $0 == "CMD" || $0 == "CMD-SHELL" })
    }
}
