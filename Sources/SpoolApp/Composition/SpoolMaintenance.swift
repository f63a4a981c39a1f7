import SpoolCore
import SpoolWorker

/// The maintenance tasks Spool runs on the generic queue (`q:generic`), each registered once:
/// `spool serve` and `spool worker --stage generic` run them, and the ``MaintenanceScheduler`` of
/// `spool serve` or the gateway queues each one every MAINTENANCE_INTERVAL (and shortly after start).
///
/// Adding a task: a type conforming to ``MaintenanceTask`` (its ``MaintenanceTask/name`` unique,
/// lowercase letters, digits and `-`), one entry in ``catalog(_:)``, and its settings in
/// ``SpoolConfiguration``. Nothing else changes: the queue, the schedule and the logging are shared.
enum SpoolMaintenance {
    /// The tasks, in the order they are queued: the retention (library rules, then the sources'),
    /// the sweep of leftover work folders, when storage targets are configured the abort of
    /// multipart uploads left unfinished for over a day, the pruning of the webhook delivery log, and the pruning of the audit log.
    static func catalog(_ factory: StageFactory) -> MaintenanceCatalog {
        var tasks: [any MaintenanceTask] = [RetentionTask(service: factory.retention), tempSweep(factory)]
        if let objects = factory.objects {
            tasks.append(AbandonedUploadsTask(objects: objects, clock: factory.service.clock))
        }
        tasks.append(DeliveryPruneTask(
            store: factory.notifications, jobs: factory.service.store, clock: factory.service.clock, keep: factory.configuration.notifications.deliveryRetention.timeInterval
        ))
        tasks.append(AuditPruneTask(
            store: factory.audit, clock: factory.service.clock, keep: Double(factory.configuration.maintenance.auditRetentionDays) * 86_400
        ))
        return MaintenanceCatalog(tasks)
    }

    /// The sweep of work folders whose job ended or is gone (also run at start by processes that
    /// run job stages).
    static func tempSweep(_ factory: StageFactory) -> TempSweepTask {
        TempSweepTask(
            folders: factory.local, store: factory.service.store, clock: factory.service.clock,
            configuration: .init(keepFailed: factory.configuration.maintenance.keepFailedWork.timeInterval)
        )
    }
}
