extension MultipartUploader {
    /// What an upload did.
    public struct Result: Sendable, Hashable {
        /// The object's key.
        public var key: String
        /// The object's size, as `HEAD` reported it (equal to the file's).
        public var size: Int64
        /// The object's ETag, unquoted.
        public var etag: String
        /// The multipart upload id; nil for a single PUT.
        public var uploadID: String?
        /// The number of parts (1 for a single PUT).
        public var partCount: Int
        /// Part numbers sent in this run, ascending.
        public var sentParts: [Int]
        /// Part numbers an earlier run had already stored and this one kept, ascending.
        public var reusedParts: [Int]
        /// Bytes handed to the connection in this run (a retried part counts again).
        public var sentBytes: Int64
    }
}
