import Foundation

/// How a ``ProcessingProfile`` maps to a row of `processing_profiles` in every database backend:
/// the name as the primary key, the profile as JSON text (the name column wins over the one
/// inside), and when it was last saved.
public enum ProcessingProfileColumns {
    /// The table.
    public static let table = "processing_profiles"

    /// The columns a ``ProcessingProfile`` is read from, in `SELECT` order.
    public static let selection = ["name", "settings"]

    /// Every stored column, with the profile's value for it, saved at `now`.
    public static func values(of profile: ProcessingProfile, at now: Date = Date()) throws -> [(column: String, value: ColumnValue)] {
        [
            ("name", .text(profile.name)),
            ("settings", .text(try StoredJSON.encode(profile))),
            ("updated_at", .real(now.timeIntervalSince1970)),
        ]
    }

    /// Decodes a row that has the ``selection`` columns.
    ///
    /// - Throws: ``CorruptRow`` for unreadable settings or missing values.
    public static func profile(from row: some ColumnReader) throws -> ProcessingProfile {
        let name = try row.required(row.text("name"), "name", table: table, row: "a processing profile")
        var profile = try StoredJSON.decode(ProcessingProfile.self, "settings", of: row, table: table, row: "processing profile '\(name)'")
        profile.name = name
        return profile
    }
}
