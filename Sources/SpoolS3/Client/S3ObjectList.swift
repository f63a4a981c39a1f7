/// One page of `ListObjectsV2`.
public struct S3ObjectList: Sendable, Hashable {
    /// The objects of this page, in key order.
    public var objects: [S3ObjectSummary]
    /// Whether more pages follow.
    public var isTruncated: Bool
    /// The token that asks for the next page.
    public var nextContinuationToken: String?

    /// A page of a listing.
    public init(objects: [S3ObjectSummary], isTruncated: Bool, nextContinuationToken: String?) {
        self.objects = objects
        self.isTruncated = isTruncated
        self.nextContinuationToken = nextContinuationToken
    }
}
