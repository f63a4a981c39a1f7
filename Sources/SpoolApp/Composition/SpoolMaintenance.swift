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
    /// then the sweep of leftover work folders.
    static func catalog(_ factory: StageFactory) -> MaintenanceCatalog {
        MaintenanceCatalog([
            RetentionTask(service: factory.retention),
            tempSweep(factory),
        ])
    }

    /// The sweep of work folders whose job ended or is gone (also run at start by processes that
    /// run job stages).
    static func tempSweep(_ factory: StageFactory) -> TempSweepTask {
        TempSweepTask(
            folders: factory.storage, store: factory.service.store, clock: factory.service.clock,
            configuration: .init(keepFailed: factory.configuration.maintenance.keepFailedWork.timeInterval)
        )
    }
}
