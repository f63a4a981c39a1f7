import Foundation

/// The JSON text an audit entry's ``AuditEntry/detail`` is stored as, the same in every backend.
public enum AuditDetailCoding {
    /// The detail as JSON text (sorted keys), or nil for none.
    public static func encode(_ detail: [String: JSONValue]?) throws -> String? {
        guard let detail, !detail.isEmpty else { return nil }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(detail), as: UTF8.self)
    }

    /// The detail in stored JSON text; nil for none.
    ///
    /// - Throws: ``CorruptRow`` when the text is not a JSON object.
    public static func decode(_ text: String?) throws -> [String: JSONValue]? {
        guard let text else { return nil }
        do {
            return try JSONDecoder().decode([String: JSONValue].self, from: Data(text.utf8))
        } catch {
            throw CorruptRow(table: "audit_log", reason: "an entry has unreadable detail")
        }
    }
}
