extension MultipartUploader {
    /// Part size, the multipart threshold, parallelism and retries.
    public struct Configuration: Sendable, Hashable {
        /// The preferred part size (grown for files that would need more than 10,000 parts). Default 16 MiB.
        public var partSize: Int64
        /// Files larger than this go up in parts; smaller ones with a single PUT. Default 64 MiB.
        public var multipartThreshold: Int64
        /// Parts in flight at once. Default 4.
        public var concurrency: Int
        /// Tries per part before giving up, for transient failures (5xx, throttling, a dropped connection). Default 3.
        public var attempts: Int

        /// A configuration; every value defaulted.
        public init(partSize: Int64 = 16 << 20, multipartThreshold: Int64 = 64 << 20, concurrency: Int = 4, attempts: Int = 3) {
            self.partSize = partSize
            self.multipartThreshold = multipartThreshold
            self.concurrency = max(1, concurrency)
            self.attempts = max(1, attempts)
        }
    }
}
