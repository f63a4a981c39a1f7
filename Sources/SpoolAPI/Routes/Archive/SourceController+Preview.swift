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
        try source.filters.validate()
        try source.retention.validate()
        guard let lister else {
            throw SpoolError(.toolMissing, "this server has no lister for source previews")
        }
        if let wait = previewLimiter.acquire("user:\(identity.user.id)") {
            throw APIError.rateLimited("too many source previews", retryAfter: wait)
        }
        // Each followed tab will be its own listing; until tab URLs are routed, the URL is listed once.
        let entries = try await Self.listBounded(
            ListingRequest(url: source.url, tab: .all), lister: lister, maxEntries: previewMaxEntries, timeout: previewTimeout
        )
        context.logger.info("source previewed", metadata: ["source.listed": .stringConvertible(entries.count)])
        return SourcePreviewResponse(triaging: entries, for: source, now: archive.jobs.clock.now)
    }

    /// The first `maxEntries` entries of a listing, or those listed within `timeout`; the listing
    /// is stopped after either. A failure of the site or the tool is `invalid_input` (422) with its
    /// message; a refusal for rate is `rate_limited` (429).
    static func listBounded(_ request: ListingRequest, lister: any MediaLister, maxEntries: Int, timeout: Duration) async throws -> [ListedEntry] {
        let collected = Mutex<[ListedEntry]>([])
        do {
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    guard maxEntries > 0 else { return }
                    for try await entry in lister.list(request) {
                        if collected.withLock({ $0.append(entry); return $0.count }) >= maxEntries { return }
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
                throw APIError(.unprocessableContent, code: .invalidInput, message: "\(request.url) could not be listed: \(error.message)")
            default:
                throw error
            }
        }
        return collected.withLock { $0 }
    }
}
