import SpoolAPIModels
import SpoolCore

/// Reads stored events after a cursor, page by page, for streams that resume by id.
struct EventReplayer: Sendable {
    let store: any JobStore
    let pageSize: Int

    /// Delivers every stored event with id greater than `cursor` that `selection` covers, oldest
    /// first, and returns the id of the last one (or `cursor` when there were none).
    func replay(after cursor: Int64, selection: JobSelection, deliver: (JobEvent) async throws -> Void) async throws -> Int64 {
        if case .jobs(let ids) = selection, ids.isEmpty { return cursor }
        var last = cursor
        while true {
            try Task.checkCancellation()
            let page = try await store.events(after: last, jobIDs: selection.jobIDs, limit: pageSize)
            for event in page {
                try await deliver(event)
                last = max(last, event.id)
            }
            if page.count < pageSize { return last }
        }
    }
}

extension JobEvent {
    /// Whether a live event must be skipped because replay already delivered it (or the client
    /// had it): durable events up to `replayedThrough`. Progress events are never skipped.
    func isCovered(byReplayThrough replayedThrough: Int64) -> Bool {
        type.isDurable && id <= replayedThrough
    }
}
