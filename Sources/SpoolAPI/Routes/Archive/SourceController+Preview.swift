import Foundation
import Hummingbird
import SpoolAPIModels
import SpoolCore
import Synchronization

extension SourceController {
    /// `POST /api/sources/preview`: lists the URL now (bounded by ``previewMaxEntries`` and
    /// ``previewTimeout``) and decides each entry as the source's first index would.
    @Sendable func preview(_ request: Request, context: SpoolRequestContext) async throws -> SourcePreviewResponse {
        let identity = try context.requireIdentity()
        let body = try await request.decodeJSON(CreateSourceRequest.self, limit: maxBodyBytes)
        let source = body.source
        try JobOptions.validateURL(source.url)
        guard !source.tabs.followed.isEmpty else { throw SpoolError(.invalidInput, "tabs: follow at least one of videos, shorts, streams") }
        try source.filters.validate()
        try source.retention.validate()
        guard let lister else {
            throw SpoolError(.toolMissing, "this server has no lister for source previews")
        }
        if let wait = previewLimiter.acquire("user:\(identity.user.id)") {
            throw APIError.rateLimited("too many source previews", retryAfter: wait)
        }
        let entries = try await Self.listBounded(source.listings, lister: lister, maxEntries: previewMaxEntries, timeout: previewTimeout)
        context.logger.info("source previewed", metadata: ["source.listed": .stringConvertible(entries.count)])
        return SourcePreviewResponse(triaging: entries, for: source, now: archive.jobs.clock.now)
    }

    /// The entries of the listings (each followed tab in turn), up to `maxEntries` in all or what
    /// was listed within `timeout`; the listing is stopped after either. A failure of the site or
    /// the tool is `invalid_input` (422) with its message; a refusal for rate is `rate_limited` (429).
    static func listBounded(_ requests: [ListingRequest], lister: any MediaLister, maxEntries: Int, timeout: Duration) async throws -> [ListedEntry] {
        let collected = ListedEntries()
        do {
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    guard maxEntries > 0 else { return }
                    for request in requests {
                        for try await entry in lister.list(request) {
                            if collected.append(entry) >= maxEntries { return }
                        }
                    }
                }
                group.addTask { try await Task.sleep(for: timeout) }
                _ = try await group.next()
                group.cancelAll()
            }
        } catch let error as SpoolError {
            switch error.code {
            case .rateLimited:
                throw APIError.rateLimited("the site refused the listing for rate: \(error.message)", retryAfter: .seconds(60))
            case .downloadFailed, .toolFailed:
                throw APIError(.unprocessableContent, code: .invalidInput, message: "the source could not be listed: \(error.message)")
            default:
                throw error
            }
        }
        return collected.all
    }
}

/// The entries a bounded listing collected so far (shared by the listing task and its caller).
private final class ListedEntries: Sendable {
    private let entries = Mutex<[ListedEntry]>([])

    /// Adds an entry; returns how many there are now.
    func append(_ entry: ListedEntry) -> Int {
        entries.withLock { entries in
            entries.append(entry)
            return entries.count
        }
    }

    /// Every entry collected.
    var all: [ListedEntry] { entries.withLock { $0 } }
}
