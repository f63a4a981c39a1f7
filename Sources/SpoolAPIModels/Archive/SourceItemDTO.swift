import Foundation
import SpoolCore

/// One video of a source as the API shows it: what was listed, the decision about it and its job.
/// Every member is present (unknown values `null`), except `sourceId`, which only the dead-letter
/// list (`GET /api/archive/failed`) carries.
public struct SourceItemDTO: Sendable, Codable, Hashable {
    /// The site's id of the video.
    public var mediaId: String
    /// The extractor that owns the id (`youtube`, `generic`).
    public var extractor: String
    /// The URL it is downloaded from.
    public var url: String
    /// The title, when listed.
    public var title: String?
    /// When it was published, when listed.
    public var publishedAt: Date?
    /// Length in seconds, when listed.
    public var duration: Double?
    /// The tab it was listed in.
    public var tab: SourceTab
    /// Whether it is a Short.
    public var isShort: Bool
    /// Where it is: listed, seen, filtered, duplicate, deferred, queued, downloaded, failed, removed or deleted.
    public var phase: SourceItemPhase
    /// Why it was filtered, skipped, deferred or deleted.
    public var reason: String?
    /// Its download job, once queued.
    public var jobId: JobID?
    /// That job's state.
    public var jobState: JobState?
    /// Whether the retention leaves it alone.
    public var keep: Bool
    /// When it was first listed.
    public var listedAt: Date
    /// When a deferred item is looked at again.
    public var retryAt: Date?
    /// The source it belongs to (dead-letter list only).
    public var sourceId: Int64?

    /// The API view of an item; `includeSource` adds `sourceId`.
    public init(_ item: SourceItem, includeSource: Bool = false) {
        mediaId = item.entry.mediaID
        extractor = item.entry.extractor
        url = item.entry.url
        title = item.entry.title
        publishedAt = item.entry.publishedAt
        duration = item.entry.duration
        tab = item.entry.tab
        isShort = item.entry.isShort
        phase = item.phase
        reason = item.reason
        jobId = item.jobID
        jobState = item.jobState
        keep = item.keep
        listedAt = item.listedAt
        retryAt = item.retryAt
        sourceId = includeSource ? item.sourceID : nil
    }

    private enum CodingKeys: String, CodingKey {
        case mediaId, extractor, url, title, publishedAt, duration, tab, isShort, phase, reason, jobId, jobState, keep, listedAt, retryAt, sourceId
    }

    /// Encodes every member, nil as `null` (`sourceId` only when set).
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(mediaId, forKey: .mediaId)
        try c.encode(extractor, forKey: .extractor)
        try c.encode(url, forKey: .url)
        try c.encode(title, forKey: .title)
        try c.encode(publishedAt, forKey: .publishedAt)
        try c.encode(duration, forKey: .duration)
        try c.encode(tab, forKey: .tab)
        try c.encode(isShort, forKey: .isShort)
        try c.encode(phase, forKey: .phase)
        try c.encode(reason, forKey: .reason)
        try c.encode(jobId, forKey: .jobId)
        try c.encode(jobState, forKey: .jobState)
        try c.encode(keep, forKey: .keep)
        try c.encode(listedAt, forKey: .listedAt)
        try c.encode(retryAt, forKey: .retryAt)
        try c.encodeIfPresent(sourceId, forKey: .sourceId)
    }
}
