/// How a file is cut into parts: a part size that keeps the count within S3's 10,000 parts, and
/// each part's byte range. Pure arithmetic.
///
/// S3's limits: parts of 5 MiB to 5 GiB, the last one any size; at most 10,000 parts.
public struct MultipartPlan: Sendable, Hashable {
    /// The smallest part S3 accepts (except the last): 5 MiB.
    public static let minimumPartSize: Int64 = 5 << 20
    /// The largest part S3 accepts: 5 GiB.
    public static let maximumPartSize: Int64 = 5 << 30
    /// The most parts an upload may have.
    public static let maximumParts = 10_000

    /// The file's size.
    public let fileSize: Int64
    /// The size of every part but the last.
    public let partSize: Int64
    /// The number of parts (at least 1).
    public let partCount: Int

    /// A plan for `fileSize` bytes: parts of `preferredPartSize`, grown (to whole MiB) when the file
    /// would otherwise need more than 10,000 parts, and never below 5 MiB.
    /// - Throws: ``S3Error/Code/invalidConfiguration`` for a file beyond 10,000 parts of 5 GiB.
    public init(fileSize: Int64, preferredPartSize: Int64) throws(S3Error) {
        let mebibyte: Int64 = 1 << 20
        let needed = (fileSize + Int64(Self.maximumParts) - 1) / Int64(Self.maximumParts)
        var size = max(preferredPartSize, needed, Self.minimumPartSize)
        size = (size + mebibyte - 1) / mebibyte * mebibyte
        guard size <= Self.maximumPartSize else {
            throw S3Error(code: .invalidConfiguration, message: "a file of \(fileSize) bytes exceeds 10,000 parts of 5 GiB")
        }
        self.fileSize = fileSize
        self.partSize = size
        self.partCount = max(1, Int((fileSize + size - 1) / size))
    }

    /// The byte range of part `number` (1-based).
    public func range(ofPart number: Int) -> (offset: Int64, length: Int64) {
        let offset = Int64(number - 1) * partSize
        return (offset, max(0, min(partSize, fileSize - offset)))
    }
}
