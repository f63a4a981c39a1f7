/// `{batch}`: the answer of batch creation and batch control routes.
public struct BatchResponse: Sendable, Codable, Hashable {
    /// The batch after the request.
    public var batch: BatchDTO

    /// Wraps a batch.
    public init(batch: BatchDTO) {
        self.batch = batch
    }
}
