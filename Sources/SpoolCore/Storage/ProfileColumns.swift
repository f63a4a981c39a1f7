import Foundation

/// How a ``Profile`` maps to a row of `profiles` in every database backend: the unique name in
/// its own column, the settings as JSON text (the columns win over the id and name inside it).
public enum ProfileColumns {
    /// The table.
    public static let table = "profiles"

    /// The columns a ``Profile`` is read from, in `SELECT` order.
    public static let selection = ["id", "name", "settings"]

    /// Every stored column except `id`, with the profile's value for it.
    public static func values(of profile: Profile) throws -> [(column: String, value: ColumnValue)] {
        var settings = profile
        settings.id = 0
        return [
            ("name", .text(profile.name)),
            ("settings", .text(try StoredJSON.encode(settings))),
        ]
    }

    /// Decodes a row that has the ``selection`` columns.
    ///
    /// - Throws: ``CorruptRow`` for unreadable settings or missing values.
    public static func profile(from row: some ColumnReader) throws -> Profile {
        let id = try row.required(row.integer("id"), "id", table: table, row: "a profile")
        let name = "profile \(id)"
        var profile = try StoredJSON.decode(Profile.self, "settings", of: row, table: table, row: name)
        profile.id = id
        profile.name = try row.required(row.text("name"), "name", table: table, row: name)
        return profile
    }
}
