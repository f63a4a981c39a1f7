/// One column value of a stored row, in the few shapes both database backends store: text,
/// 64-bit integers, doubles and (for indexed tag filters) a list of strings.
///
/// Each backend binds these with its own library; a `nil` payload is a typed SQL `NULL`.
public enum ColumnValue: Sendable, Hashable {
    /// A `text` column (JSON is stored as text too).
    case text(String?)
    /// A 64-bit integer column.
    case integer(Int64?)
    /// A double-precision column (dates are unix seconds).
    case real(Double?)
    /// A list of strings; each backend stores it in its native, indexable form.
    case textList([String])
}

/// A row being read, column by column, whatever the database library behind it.
public protocol ColumnReader {
    /// The text in `column`, or nil for `NULL`.
    func text(_ column: String) throws -> String?
    /// The integer in `column`, or nil for `NULL`.
    func integer(_ column: String) throws -> Int64?
    /// The double in `column`, or nil for `NULL`.
    func real(_ column: String) throws -> Double?
}

extension ColumnReader {
    /// The raw value of a `String` enum stored in `column`, or nil for `NULL`.
    ///
    /// - Throws: ``CorruptRow`` when the text names no case of `Value`.
    func parse<Value: RawRepresentable<String>>(_ type: Value.Type, _ column: String, table: String, row: String) throws -> Value? {
        guard let raw = try text(column) else { return nil }
        guard let value = Value(rawValue: raw) else {
            throw CorruptRow(table: table, reason: "\(row) has unknown \(column) '\(raw)'")
        }
        return value
    }

    /// The value of a `NOT NULL` column.
    ///
    /// - Throws: ``CorruptRow`` when the column is `NULL`.
    func required<Value>(_ value: Value?, _ column: String, table: String, row: String) throws -> Value {
        guard let value else { throw CorruptRow(table: table, reason: "\(row) has no \(column)") }
        return value
    }
}
