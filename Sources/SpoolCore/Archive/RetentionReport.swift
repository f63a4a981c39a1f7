/// What the retention of the library and of every source with a retention deletes (a dry run) or
/// deleted: one ``Scope`` per rule set.
public struct RetentionReport: Sendable, Hashable {
    /// The deletions of one rule set.
    public struct Scope: Sendable, Hashable {
        /// The source; nil for the library.
        public var sourceID: Int64?
        /// `library`, or the source's name.
        public var name: String
        /// The rules.
        public var rules: Retention
        /// What goes, oldest first.
        public var deletions: [RetentionDeletion]
        /// Deletions that failed (`'title': why`); they are tried again on the next run.
        public var errors: [String]

        /// Creates a scope.
        public init(sourceID: Int64?, name: String, rules: Retention, deletions: [RetentionDeletion] = [], errors: [String] = []) {
            self.sourceID = sourceID
            self.name = name
            self.rules = rules
            self.deletions = deletions
            self.errors = errors
        }

        /// Bytes of the deletions whose size is known.
        public var bytes: Int64 { deletions.reduce(0) { $0 + ($1.bytes ?? 0) } }
    }

    /// False for a dry run, true for what was deleted.
    public var applied: Bool
    /// The library's one-off jobs.
    public var library: Scope
    /// Each source with an active retention, by id.
    public var sources: [Scope]

    /// Creates a report.
    public init(applied: Bool, library: Scope, sources: [Scope]) {
        self.applied = applied
        self.library = library
        self.sources = sources
    }

    /// Every deletion: the library's, then each source's.
    public var deletions: [RetentionDeletion] { library.deletions + sources.flatMap(\.deletions) }

    /// Bytes of the deletions whose size is known.
    public var bytes: Int64 { library.bytes + sources.reduce(0) { $0 + $1.bytes } }
}
