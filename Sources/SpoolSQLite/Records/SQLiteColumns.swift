import Foundation
import GRDB
import SpoolCore

/// Reads SpoolCore's column codecs (``JobColumns``, ``EventColumns``, ``MediaColumns``) from a
/// GRDB row.
struct SQLiteColumnReader: ColumnReader {
    /// The row.
    let row: Row

    func text(_ column: String) throws -> String? { try row.decode(String?.self, forColumn: column) }
    func integer(_ column: String) throws -> Int64? { try row.decode(Int64?.self, forColumn: column) }
    func real(_ column: String) throws -> Double? { try row.decode(Double?.self, forColumn: column) }
}

extension PersistenceContainer {
    /// Stores column values from SpoolCore's column codecs; lists become a JSON array (the
    /// `job_tags` table is what tag filters use).
    mutating func store(_ values: [(column: String, value: ColumnValue)]) throws {
        for (column, value) in values {
            switch value {
            case .text(let text): self[column] = text
            case .integer(let integer): self[column] = integer
            case .real(let real): self[column] = real
            case .textList(let list):
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.sortedKeys]
                self[column] = String(decoding: try encoder.encode(list), as: UTF8.self)
            }
        }
    }
}

extension StatementArguments {
    /// Arguments binding column values from SpoolCore's column codecs, in order (lists as a JSON array).
    init(_ values: [(column: String, value: ColumnValue)]) throws {
        var container = [DatabaseValue]()
        for (_, value) in values {
            switch value {
            case .text(let text): container.append(text.databaseValue)
            case .integer(let integer): container.append(integer.databaseValue)
            case .real(let real): container.append(real.databaseValue)
            case .textList(let list):
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.sortedKeys]
                container.append(String(decoding: try encoder.encode(list), as: UTF8.self).databaseValue)
            }
        }
        self.init(container)
    }
}
