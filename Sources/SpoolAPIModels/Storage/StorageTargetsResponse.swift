import SpoolCore

/// The body of `GET /api/storage`: where finished files can go — `local` (the library) and each
/// configured object-storage target — and where new jobs go by default.
public struct StorageTargetsResponse: Sendable, Codable, Hashable {
    /// One place files can go.
    public struct Target: Sendable, Codable, Hashable {
        /// The name jobs and profiles use as `storage`.
        public var name: String
        /// `library` for `local`, else `s3://bucket/prefix/`.
        public var location: String

        /// Creates a description.
        public init(name: String, location: String) {
            self.name = name
            self.location = location
        }
    }

    /// The target of jobs that name none.
    public var defaultTarget: String
    /// `local` first, then the configured targets by name.
    public var targets: [Target]

    /// The response for `targets`.
    public init(_ targets: StorageTargets) {
        defaultTarget = targets.defaultTarget ?? StorageTargets.local
        self.targets = [Target(name: StorageTargets.local, location: "library")]
            + targets.names.map { Target(name: $0, location: targets.locations[$0] ?? "") }
    }
}
