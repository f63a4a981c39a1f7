/// What one run of a ``MaintenanceTask`` did (or, in a dry run, would do).
public struct MaintenanceReport: Sendable, Hashable {
    /// The task's name.
    public var task: String
    /// Whether nothing was changed.
    public var dryRun: Bool
    /// Each thing done, in order (a deleted job, a removed folder).
    public var actions: [MaintenanceAction]
    /// Things that could not be done; the next run tries again.
    public var errors: [String]

    /// Creates a report.
    public init(task: String, dryRun: Bool, actions: [MaintenanceAction] = [], errors: [String] = []) {
        self.task = task
        self.dryRun = dryRun
        self.actions = actions
        self.errors = errors
    }

    /// Bytes freed (or that would be), over the actions whose size is known.
    public var bytes: Int64 { actions.reduce(0) { $0 + ($1.bytes ?? 0) } }

    /// One line: `temp-sweep: removed 2 item(s), 14.2 MiB` or `retention (dry run): nothing to do`.
    public var summary: String {
        let head = dryRun ? "\(task) (dry run)" : task
        var text = actions.isEmpty ? "\(head): nothing to do" : "\(head): \(actions.count) action(s), \(ByteCount.format(bytes))"
        if !errors.isEmpty { text += ", \(errors.count) error(s)" }
        return text
    }
}

/// One thing a maintenance task did, for the server log.
public struct MaintenanceAction: Sendable, Hashable {
    /// What happened, for a person (`deleted job 3f2c… 'Title': older than 30 days`).
    public var message: String
    /// Bytes freed, when known.
    public var bytes: Int64?
    /// Dotted, stable log metadata (`job.id`, `source.id`, `file.bytes`, …).
    public var metadata: [String: String]

    /// Creates an action.
    public init(message: String, bytes: Int64? = nil, metadata: [String: String] = [:]) {
        self.message = message
        self.bytes = bytes
        self.metadata = metadata
    }
}
