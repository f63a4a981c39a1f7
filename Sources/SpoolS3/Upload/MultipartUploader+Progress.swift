extension MultipartUploader {
    /// How far an upload is.
    public struct Progress: Sendable, Hashable {
        /// The file's size.
        public var totalBytes: Int64
        /// Bytes S3 holds: parts finished in this run and parts found from an earlier run.
        public var completedBytes: Int64
        /// Bytes handed to the connection in this run (a retried part counts again).
        public var sentBytes: Int64
        /// Parts finished, found from an earlier run included (0 or 1 for a single PUT).
        public var completedParts: Int
        /// The number of parts (1 for a single PUT).
        public var totalParts: Int
    }
}
