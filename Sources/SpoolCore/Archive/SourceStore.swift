import Foundation

/// Where sources, profiles and the videos each source listed are kept (SQLite or PostgreSQL).
///
/// One item per (source, media id): listing a video again never adds a second row. A check's items
/// and its progress (``SourceStatus/cursor``) are saved in one transaction, so a crash resumes the
/// listing where the last saved batch ended.
public protocol SourceStore: Sendable {
    /// Stores a new source and returns it with its id; throws `conflict` when its URL is followed already.
    func insertSource(_ source: Source) async throws -> Source
    /// One source, or nil.
    func source(_ id: Int64) async throws -> Source?
    /// Every source, by id.
    func sources() async throws -> [Source]
    /// Changes a source in one transaction; throws `not_found`.
    func modifySource(_ id: Int64, _ body: @Sendable (inout Source) throws -> Void) async throws -> Source
    /// Deletes a source and its items (not their jobs or files); throws `not_found`.
    func deleteSource(_ id: Int64) async throws

    /// Saves newly listed items (items the source has already are left as they are) and the
    /// source's progress in one transaction; returns the items that were new.
    func addItems(_ items: [SourceItem], status: SourceStatus, to sourceID: Int64) async throws -> [SourceItem]
    /// Changes one item; throws `not_found`.
    func modifyItem(sourceID: Int64, mediaID: String, _ body: @Sendable (inout SourceItem) throws -> Void) async throws -> SourceItem
    /// Marks every undecided (`listed`) item of the source but those in `keep` as `seen`, with
    /// `reason`, in one statement (a first index's backlog); returns how many changed.
    func markListedSeen(sourceID: Int64, keeping keep: Set<String>, reason: String) async throws -> Int
    /// A page of a source's items, newest listing position first, with their jobs' states.
    func items(sourceID: Int64, query: SourceItemQuery) async throws -> [SourceItem]
    /// The media ids the source has listed.
    func mediaIDs(sourceID: Int64) async throws -> Set<String>
    /// An item of another source that queued the same video (extractor and id), if any.
    func archivedElsewhere(extractor: String, mediaID: String, excluding sourceID: Int64) async throws -> SourceItem?
    /// How many of a source's items are in each phase.
    func itemCounts(sourceID: Int64) async throws -> [SourceItemPhase: Int]

    /// Stores a new profile with its id; throws `conflict` when the name is taken.
    func insertProfile(_ profile: Profile) async throws -> Profile
    /// One profile, or nil.
    func profile(_ id: Int64) async throws -> Profile?
    /// Every profile, by id.
    func profiles() async throws -> [Profile]
    /// Replaces a profile; throws `not_found`, or `conflict` when the name is taken.
    func updateProfile(_ profile: Profile) async throws -> Profile
    /// Deletes a profile; throws `not_found`, or `conflict` naming the sources that still use it.
    func deleteProfile(_ id: Int64) async throws
}

/// Which items of a source to read.
public struct SourceItemQuery: Sendable, Hashable {
    /// Only items in these phases; nil means all.
    public var phases: Set<SourceItemPhase>?
    /// Only these stored statuses; nil means all.
    public var statuses: Set<SourceItemStatus>?
    /// Page size.
    public var limit: Int
    /// Items skipped.
    public var offset: Int

    /// Creates a query.
    public init(phases: Set<SourceItemPhase>? = nil, statuses: Set<SourceItemStatus>? = nil, limit: Int = 100, offset: Int = 0) {
        self.phases = phases
        self.statuses = statuses
        self.limit = limit
        self.offset = offset
    }
}
