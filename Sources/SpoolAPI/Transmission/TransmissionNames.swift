import SpoolCore

/// Converts Transmission's legacy names (kebab-case methods and session keys, camelCase torrent
/// fields) to the snake_case of Transmission 4.1's JSON-RPC 2.0 (`torrent-get` → `torrent_get`,
/// `hashString` → `hash_string`, `rpc-version` → `rpc_version`).
enum TransmissionNames {
    /// The snake_case form of a name; snake_case names come back unchanged.
    static func snakeCase(_ name: String) -> String {
        var result = ""
        result.reserveCapacity(name.count + 4)
        var previousWasLower = false
        for character in name {
            if character == "-" {
                result.append("_")
                previousWasLower = false
            } else if character.isUppercase {
                if previousWasLower { result.append("_") }
                result.append(contentsOf: character.lowercased())
                previousWasLower = false
            } else {
                result.append(character)
                previousWasLower = character.isLowercase || character.isNumber
            }
        }
        return result
    }

    /// The object with every key in snake_case (not its values).
    static func snakeCaseKeys(_ object: [String: JSONValue]) -> [String: JSONValue] {
        Dictionary(object.map { (snakeCase($0.key), $0.value) }, uniquingKeysWith: { first, _ in first })
    }

    /// The value with the keys of every object inside it in snake_case (answers to JSON-RPC calls).
    static func snakeCaseKeys(_ value: JSONValue) -> JSONValue {
        switch value {
        case .object(let object):
            .object(Dictionary(object.map { (snakeCase($0.key), snakeCaseKeys($0.value)) }, uniquingKeysWith: { first, _ in first }))
        case .array(let array):
            .array(array.map(snakeCaseKeys))
        default:
            value
        }
    }
}
