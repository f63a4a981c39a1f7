import SpoolCore

/// A coding key for any member name; used to list the members a JSON object actually has.
struct AnyCodingKey: CodingKey, Hashable {
    let stringValue: String
    let intValue: Int?

    init(stringValue: String) {
        self.stringValue = stringValue
        self.intValue = nil
    }

    init(intValue: Int) {
        self.stringValue = String(intValue)
        self.intValue = intValue
    }
}

extension Decoder {
    /// Throws `unknown_field` naming the first member of the JSON object that is not in `allowed`.
    ///
    /// Request bodies are strict so a misspelt option is an error instead of being silently ignored.
    /// `parent` names the object it is nested in (`filters` gives `unknown field 'filters.x'`).
    func rejectUnknownKeys(allowed: Set<String>, parent: String? = nil) throws {
        let container = try container(keyedBy: AnyCodingKey.self)
        let unknown = container.allKeys.map(\.stringValue).filter { !allowed.contains($0) }.sorted()
        if let first = unknown.first {
            let name = first.count > 64 ? String(first.prefix(64)) + "…" : first
            throw SpoolError(.unknownField, "unknown field '\(parent.map { $0 + "." } ?? "")\(name)'")
        }
    }
}

extension CodingKey where Self: CaseIterable {
    /// The member names of a `CodingKeys` enum.
    static var memberNames: Set<String> { Set(allCases.map(\.stringValue)) }
}
