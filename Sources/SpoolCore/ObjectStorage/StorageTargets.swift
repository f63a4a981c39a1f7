/// The object-storage targets a deployment has, by name, and the one new jobs use when they name
/// none. `local` (the library on disk) is always there and is not a target.
public struct StorageTargets: Sendable, Hashable {
    /// The name that keeps a job's files in the local library.
    public static let local = "local"

    /// The configured targets' names, sorted.
    public var names: [String] { locations.keys.sorted() }
    /// The target of jobs that name none; nil keeps them local.
    public let defaultTarget: String?
    /// Where each target puts files, `s3://bucket/prefix/`, by name.
    public let locations: [String: String]

    /// Targets at `locations` (name → `s3://bucket/prefix/`), new jobs going to `defaultTarget`
    /// (nil or `local`: the library).
    public init(locations: [String: String] = [:], defaultTarget: String? = nil) {
        self.locations = locations
        self.defaultTarget = defaultTarget == Self.local ? nil : defaultTarget
    }

    /// The target a job that asked for `requested` uploads to: the default when it asked for
    /// none, nil for `local`.
    /// - Throws: `invalid_input` naming `field` and the targets there are, for an unknown name.
    public func resolve(_ requested: String?, field: String = "storage") throws(SpoolError) -> String? {
        guard let requested else { return defaultTarget }
        if requested == Self.local { return nil }
        guard names.contains(requested) else {
            let known = ([Self.local] + names).joined(separator: ", ")
            throw SpoolError(.invalidInput, "\(field) '\(requested.prefix(40))' is not a storage target; there are: \(known)")
        }
        return requested
    }

    /// Whether `name` can name a target: 1–32 lowercase letters, digits and `-`.
    public static func isValidName(_ name: String) -> Bool {
        !name.isEmpty && name.count <= 32 && name.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
    }
}
