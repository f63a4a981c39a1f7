import PostgresNIO
import SpoolCore

/// Reads SpoolCore's column codecs (``JobColumns``, ``EventColumns``, ``MediaColumns``) from a
/// postgres-nio row.
struct PostgresColumnReader: ColumnReader {
    /// The row.
    let row: PostgresRandomAccessRow

    /// Reads `row` by column name.
    init(_ row: PostgresRow) {
        self.row = row.makeRandomAccess()
    }

    func text(_ column: String) throws -> String? { try row[column].decode(String?.self) }
    func integer(_ column: String) throws -> Int64? { try row[column].decode(Int64?.self) }
    func real(_ column: String) throws -> Double? { try row[column].decode(Double?.self) }
}

extension PostgresBindings {
    /// Binds column values from SpoolCore's column codecs; lists become `text[]`.
    mutating func append(_ values: [(column: String, value: ColumnValue)]) throws {
        for (_, value) in values {
            switch value {
            case .text(let text): try append(text)
            case .integer(let integer): try append(integer)
            case .real(let real): try append(real)
            case .textList(let list): try append(list)
            }
        }
    }
}

/// Statements built from SpoolCore's column codecs.
enum PostgresColumns {
    /// `INSERT INTO table (columns…) VALUES ($1, …)` binding `values`.
    static func insert(into table: String, _ values: [(column: String, value: ColumnValue)], suffix: String = "") throws -> PostgresQuery {
        var bindings = PostgresBindings(capacity: values.count)
        try bindings.append(values)
        let columns = values.map(\.column).joined(separator: ", ")
        let placeholders = (1...values.count).map { "$\($0)" }.joined(separator: ", ")
        return PostgresQuery(unsafeSQL: "INSERT INTO \(table) (\(columns)) VALUES (\(placeholders))\(suffix)", binds: bindings)
    }
}
