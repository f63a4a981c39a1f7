import SpoolAPIModels
import SpoolCore

/// The `spool processing ls` table: one row per processing profile, with where it comes from.
///
/// ```
/// Name        Quality  Codec  Preset  Level  GPU  Origin
/// 1080p-av1   1080p    av1    medium     35  no   built-in
/// 720p-hevc   720p     hevc   slow       24  no   built-in, edited
/// phone       480p     hevc   medium     28  yes  stored
/// ```
public struct ProcessingProfileTable: Sendable {
    /// Rows to show, in order.
    public var profiles: [ProcessingProfileDTO]

    /// Creates a table.
    public init(profiles: [ProcessingProfileDTO]) {
        self.profiles = profiles
    }

    private struct Column: Sendable {
        var title: String
        var alignLeft: Bool
        var value: @Sendable (ProcessingProfileDTO) -> String
    }

    private static let columns: [Column] = [
        Column(title: "Name", alignLeft: true) { $0.name },
        Column(title: "Quality", alignLeft: true) { $0.quality.rawValue },
        Column(title: "Codec", alignLeft: true) { $0.codec.rawValue },
        Column(title: "Preset", alignLeft: true) { $0.preset.rawValue },
        Column(title: "Level", alignLeft: false) { String($0.effectiveLevel) },
        Column(title: "GPU", alignLeft: true) { $0.useGPU ? "yes" : "no" },
        Column(title: "Origin", alignLeft: true) { origin(of: $0) },
    ]

    /// `built-in`, `built-in, edited` or `stored`.
    public static func origin(of profile: ProcessingProfileDTO) -> String {
        switch (profile.builtIn, profile.stored) {
        case (true, true): "built-in, edited"
        case (true, false): "built-in"
        default: "stored"
        }
    }

    /// The rendered lines: a header and one row per profile.
    public func lines() -> [String] {
        guard !profiles.isEmpty else { return ["No processing profiles."] }
        let cells = profiles.map { profile in Self.columns.map { $0.value(profile) } }
        let widths = Self.columns.indices.map { index in
            cells.reduce(TextWidth.of(Self.columns[index].title)) { Swift.max($0, TextWidth.of($1[index])) }
        }
        func row(_ values: [String]) -> String {
            let padded = zip(values, Self.columns.indices).map { value, index in
                index == Self.columns.count - 1 ? value : TextWidth.pad(value, to: widths[index], alignLeft: Self.columns[index].alignLeft)
            }
            return padded.joined(separator: "  ")
        }
        return [row(Self.columns.map(\.title))] + cells.map(row)
    }
}
