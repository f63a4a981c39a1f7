import Foundation

/// The JSON text the archive tables keep settings in (sorted keys, dates as unix seconds like the
/// date columns), the same in every database backend.
enum StoredJSON {
    /// `value` as JSON text.
    static func encode(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .secondsSince1970
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    /// Decodes the JSON text in `column` of `row`.
    ///
    /// - Throws: ``CorruptRow`` when the column is `NULL` or does not decode as `Value`.
    static func decode<Value: Decodable>(_ type: Value.Type, _ column: String, of reader: some ColumnReader, table: String, row: String) throws -> Value {
        let text = try reader.required(reader.text(column), column, table: table, row: row)
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .secondsSince1970
        do {
            return try decoder.decode(Value.self, from: Data(text.utf8))
        } catch {
            throw CorruptRow(table: table, reason: "\(row) has unreadable \(column)")
        }
    }
}
