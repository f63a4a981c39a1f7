/// The `retention` maintenance task: the library's rules, then every source with an active
/// retention (``RetentionService``); each deletion is one action.
public struct RetentionTask: MaintenanceTask {
    /// The retention of the library and the sources.
    public let service: RetentionService

    /// Creates the task.
    public init(service: RetentionService) {
        self.service = service
    }

    /// `retention`.
    public var name: String { "retention" }

    /// Applies (or plans) the retention and reports each deletion.
    public func run(dryRun: Bool) async throws -> MaintenanceReport {
        let report = dryRun ? try await service.plan() : try await service.apply()
        let scopes = [report.library] + report.sources
        return MaintenanceReport(
            task: name, dryRun: dryRun,
            actions: report.deletions.map { Self.action($0, dryRun: dryRun) },
            errors: scopes.flatMap { scope in scope.errors.map { "\(scope.name): \($0)" } }
        )
    }

    /// One deletion as an action: its log line, size and metadata.
    static func action(_ deletion: RetentionDeletion, dryRun: Bool) -> MaintenanceAction {
        MaintenanceAction(message: deletion.logMessage(dryRun: dryRun), bytes: deletion.bytes, metadata: deletion.logMetadata)
    }
}
