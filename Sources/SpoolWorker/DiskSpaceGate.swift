import Foundation
import Logging
import SpoolCore
import SpoolQueue
import Synchronization

/// Pauses the download queue when a download runs out of disk space and opens it again once the
/// media volume has MIN_FREE_SPACE free: while paused, the queue's processor asks before each
/// claim, and at most every ``checkInterval`` the free space is measured again.
///
/// The pause is kept in the job service's ``QueuePauses`` (so `GET /api/queue` reports it) and
/// announced with a `queue.paused` notification event; resuming sends `queue.resumed`.
public final class DiskSpaceGate: ClaimGate {
    /// The queue this gate holds back.
    public static let queue = QueueName(.download).rawValue

    let service: JobService
    /// How often free space is measured while paused.
    let checkInterval: Duration
    /// Free bytes on the volume the downloads write to.
    let freeBytes: @Sendable () throws -> Int64
    let logger: Logger
    private let lastCheck = Mutex<ContinuousClock.Instant?>(nil)
    /// Whether the stored announcements were checked (``settleStoredPause()``).
    private let settled = Atomic(false)

    /// Creates a gate over `service`'s pauses; `freeBytes` measures the media volume (the service's
    /// files by default).
    public init(service: JobService, checkInterval: Duration = .seconds(5), freeBytes: (@Sendable () throws -> Int64)? = nil, logger: Logger) {
        self.service = service
        self.checkInterval = checkInterval
        self.freeBytes = freeBytes ?? { [files = service.files] in try files.freeBytes() }
        self.logger = logger
    }

    /// Free bytes the queue waits for: MIN_FREE_SPACE, the floor below which new jobs are refused.
    var resumeAtBytes: Int64 { service.configuration.minFreeBytes }

    /// The pause, if the queue is paused.
    public var pause: QueuePause? { service.pauses.pause(of: Self.queue) }

    /// Pauses the queue because of `reason`; true when this call paused it (it announces the pause).
    @discardableResult
    func pause(reason: String) async -> Bool {
        let free = try? freeBytes()
        let pause = QueuePause(queue: Self.queue, reason: reason, since: service.clock.now, freeBytes: free, resumeAtBytes: resumeAtBytes)
        guard service.pauses.pause(pause) else { return false }
        lastCheck.withLock { $0 = .now }
        logger.error("the disk is full; the download queue is paused until space returns", metadata: [
            "queue.name": "\(Self.queue)", "error.message": "\(reason)", "disk.free_bytes": "\(free ?? -1)", "disk.resume_bytes": "\(resumeAtBytes)",
        ])
        try? await service.record([.queuePaused(pause)])
        return true
    }

    /// Open unless paused; while paused, measures free space (at most every ``checkInterval``) and
    /// resumes once there is enough.
    public func mayClaim() async -> Bool {
        if !settled.exchange(true, ordering: .relaxed) {
            // Off the claim path: reading the stored events must not delay the first download.
            Task { await settleStoredPause() }
        }
        guard pause != nil else { return true }
        let due = lastCheck.withLock { last -> Bool in
            if let last, ContinuousClock.now - last < checkInterval { return false }
            last = .now
            return true
        }
        guard due, let free = try? freeBytes(), free >= resumeAtBytes else { return false }
        guard service.pauses.resume(Self.queue) != nil else { return true }
        logger.notice("space returned on the media volume; the download queue goes on", metadata: ["queue.name": "\(Self.queue)", "disk.free_bytes": "\(free)"])
        try? await service.record([.queueResumed(Self.queue, freeBytes: free)])
        return true
    }

    /// A gate starts open. When the stored announcements still leave the queue paused (the disk was
    /// full when a worker stopped), announces `queue.resumed`, so that the API, which restores
    /// pauses from those announcements, does not show a pause no worker holds. Reads them through
    /// the service's ``QueuePauses``, so a process that also serves the API reads the store once.
    func settleStoredPause() async {
        do {
            _ = try await service.pauses.restore(from: service.store)
        } catch {
            logger.warning("could not read the stored queue pauses", metadata: ["error.message": "\(error)"])
            return
        }
        guard service.pauses.all[Self.queue] != nil, pause == nil, let free = try? freeBytes() else { return }
        logger.notice("the download queue was paused when a worker stopped; it is open again", metadata: ["queue.name": "\(Self.queue)"])
        let resumed = JobEvent.queueResumed(Self.queue, freeBytes: free)
        service.pauses.note(resumed)
        try? await service.record([resumed])
    }
}
