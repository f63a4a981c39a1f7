import SpoolCore
import SpoolWorker

/// The stages Spool runs, each registered once: its declaration, its concurrency setting and its
/// handler. The job service plans jobs with its catalog, `spool serve` runs all of them and
/// `spool worker --stage` the ones named.
///
/// Adding a stage: a handler file in SpoolWorker (with its ``StageDefinition``), one entry here,
/// and its settings in ``SpoolConfiguration``.
public enum SpoolStages {
    /// Download, then dub and mux for a voice-over, then processing (transcodes), then the upload
    /// to object storage; and the checks of followed sources (`sync`) and the maintenance tasks
    /// and the notification deliveries (`generic`, see ``SpoolMaintenance`` and ``StageFactory/generic()``),
    /// queues the workers run like stages, planned for no job.
    static let registry = StageRegistry<StageFactory>([
        StageRegistration(.download, concurrency: { $0.configuration.download.concurrency }) { $0.download() },
        StageRegistration(.dub, concurrency: { $0.configuration.dubbing.concurrency }) { $0.dub() },
        StageRegistration(.mux, concurrency: { $0.configuration.mux.concurrency }) { $0.mux() },
        StageRegistration(.process, concurrency: { $0.configuration.processing.concurrency }) { $0.process() },
        StageRegistration(.upload, concurrency: { $0.configuration.objectStorage.concurrency }) { $0.upload() },
        StageRegistration(.sync, concurrency: { $0.configuration.archive.syncConcurrency }) { $0.sync() },
        StageRegistration(.generic, concurrency: { $0.configuration.notifications.concurrency }) { $0.generic() },
    ])

    /// The stages' names in run order (`download`, `dub`, `mux`, `process`, `upload`, `sync`, `generic`).
    public static var names: [String] { registry.names }

    /// The stages named in a comma-separated `--stage` list; throws a message naming the stages there are.
    public static func parse(_ list: String) throws -> Set<Stage> {
        try registry.stages(named: list)
    }
}
