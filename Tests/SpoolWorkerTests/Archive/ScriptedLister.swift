import Foundation
import SpoolCore
import Synchronization

/// A ``MediaLister`` that lists scripted entries per URL, counts what a check consumed, and can
/// fail part-way (a crash or a refusal in the middle of a listing).
final class ScriptedLister: MediaLister {
    struct State {
        var entries: [String: [ListedEntry]] = [:]
        var requests: [ListingRequest] = []
        var consumed = 0
        var failure: (after: Int, error: SpoolError)?
        var hangAfter: Int?
    }

    let state = Mutex(State())

    /// Sets the entries a URL lists (newest first).
    func script(_ url: String, _ entries: [ListedEntry]) {
        state.withLock { $0.entries[url] = entries }
    }

    /// The next listing fails with `error` after yielding `after` entries.
    func fail(after: Int, with error: SpoolError) {
        state.withLock { $0.failure = (after, error) }
    }

    /// The next listing yields `after` entries, then waits like a slow site: a consumer cancelled
    /// then sees the stream end (as with a real child process's stream), not an error.
    func hang(after: Int) {
        state.withLock { $0.hangAfter = after }
    }

    var requests: [ListingRequest] { state.withLock { $0.requests } }
    var consumed: Int { state.withLock { $0.consumed } }

    func list(_ request: ListingRequest) -> AsyncThrowingStream<ListedEntry, any Error> {
        if let hangAfter = state.withLock({ state -> Int? in
            defer { state.hangAfter = nil }
            return state.hangAfter
        }) {
            let entries = state.withLock { state in
                state.requests.append(request)
                return Array((state.entries[request.url] ?? []).dropFirst(request.skip).prefix(hangAfter))
            }
            let (stream, continuation) = AsyncThrowingStream.makeStream(of: ListedEntry.self)
            for entry in entries { continuation.yield(entry) }
            state.withLock { $0.consumed += entries.count }
            // Never finished: only the consumer's cancellation ends it.
            continuation.onTermination = { _ in }
            return stream
        }
        let (entries, failure) = state.withLock { state -> ([ListedEntry], (after: Int, error: SpoolError)?) in
            state.requests.append(request)
            defer { state.failure = nil }
            return (Array((state.entries[request.url] ?? []).dropFirst(request.skip)), state.failure)
        }
        let index = Mutex(0)
        return AsyncThrowingStream(unfolding: { [self] in
            let next = index.withLock { value -> Int in
                defer { value += 1 }
                return value
            }
            if let failure, next == failure.after { throw failure.error }
            guard next < entries.count else { return nil }
            self.state.withLock { $0.consumed += 1 }
            return entries[next]
        })
    }
}

/// A ``FeedReader`` answering scripted entries.
final class ScriptedFeed: FeedReader {
    let entries = Mutex<[ListedEntry]>([])
    let reads = Mutex(0)

    func entries(of feedURL: String) async throws -> [ListedEntry] {
        reads.withLock { $0 += 1 }
        return entries.withLock { $0 }
    }
}

extension ListedEntry {
    /// A feed item `id` published `daysAgo` days before `now`, `duration` seconds long.
    static func item(_ id: String, daysAgo: Int = 0, duration: Double = 60, title: String? = nil, now: Date) -> ListedEntry {
        ListedEntry(
            mediaID: id, extractor: "generic", url: "http://127.0.0.1:9/\(id).mp4", title: title ?? "Video \(id)",
            publishedAt: now.addingTimeInterval(-Double(daysAgo) * 86_400), duration: duration
        )
    }
}
