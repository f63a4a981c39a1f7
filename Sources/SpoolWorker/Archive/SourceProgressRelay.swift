import Foundation
import Logging
import ServiceLifecycle
import SpoolCore

/// Announces a source's progress whenever one of its download jobs ends, so live views move
/// "done" and "failed" as downloads finish, not only at the next check. Runs where the API runs
/// (it sees every process's events there).
public struct SourceProgressRelay: Service {
    let archive: ArchiveService
    let logger: Logger

    /// Creates the relay.
    public init(archive: ArchiveService, logger: Logger) {
        self.archive = archive
        self.logger = logger
    }

    /// Follows the event bus until shutdown.
    public func run() async throws {
        let events = archive.jobs.events.subscribe()
        try? await cancelWhenGracefulShutdown {
            for await event in events {
                guard event.type == .stateChange, let id = event.jobId,
                      let state = event.payload["to"]?.stringValue.flatMap(JobState.init(rawValue:)), state.isTerminal else { continue }
                await announce(id)
            }
        }
        events.finish()
    }

    private func announce(_ id: JobID) async {
        do {
            guard let sourceID = try await archive.jobs.store.job(id)?.options.archive?.sourceID else { return }
            let progress = try await archive.progress(sourceID)
            await archive.jobs.events.publish(progress.event)
        } catch {
            logger.debug("source progress not announced", metadata: ["job.id": "\(id)", "error": "\(error)"])
        }
    }
}
