import SpoolCore
import Synchronization

/// Keeps a `user`'s live streams to the jobs they see (their own and no one's, see
/// ``AuthenticatedUser/jobScope``): every stream of such a user passes its events through one,
/// replayed and live alike. Events of no job (system notifications) pass; `job_removed` is judged
/// by the owner it carries (the job is gone); any other event by its job's owner, read from the
/// store once per job and remembered (owners never change), and dropped when the job is gone.
final class JobVisibilityFilter: Sendable {
    /// Most jobs remembered; the memory starts over beyond it.
    static let maxRemembered = 10_000

    /// The user whose jobs pass.
    let scope: Int64
    private let store: any JobStore
    private let remembered = Mutex<[JobID: Bool]>([:])

    /// A filter for `identity`'s streams; nil when they see every job (admins, viewers).
    static func of(_ identity: AuthenticatedUser?, store: any JobStore) -> JobVisibilityFilter? {
        guard let scope = identity?.jobScope else { return nil }
        return JobVisibilityFilter(scope: scope, store: store)
    }

    init(scope: Int64, store: any JobStore) {
        self.scope = scope
        self.store = store
    }

    /// The events of `events` the user sees, in order.
    func kept(_ events: [EncodedEvent]) async throws -> [EncodedEvent] {
        var kept: [EncodedEvent] = []
        kept.reserveCapacity(events.count)
        for event in events where try await isVisible(event.event) {
            kept.append(event)
        }
        return kept
    }

    /// Whether the user sees `event`.
    func isVisible(_ event: JobEvent) async throws -> Bool {
        guard let id = event.jobId else { return true }
        if event.type == .jobRemoved {
            guard let owner = event.payload["ownerId"]?.intValue else { return true }
            return Int64(owner) == scope
        }
        if let known = remembered.withLock({ $0[id] }) { return known }
        guard let job = try await store.job(id) else { return false }
        let visible = job.ownerID.map { $0 == scope } ?? true
        remembered.withLock { entries in
            if entries.count >= Self.maxRemembered { entries.removeAll(keepingCapacity: true) }
            entries[id] = visible
        }
        return visible
    }
}
