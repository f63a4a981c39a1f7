import SpoolCore
import SpoolQueue

extension QueueName {
    /// The queue of a stage (`q:download`, …).
    public init(_ stage: Stage) { self.init(rawValue: stage.queueName) }
    /// `q:download`.
    public static let download = QueueName(.download)
    /// `q:dub`.
    public static let dub = QueueName(.dub)
    /// `q:mux`.
    public static let mux = QueueName(.mux)
    /// `q:process`.
    public static let process = QueueName(.process)
    /// `q:sync`: checks of followed sources.
    public static let sync = QueueName(.sync)
    /// `q:generic`: maintenance tasks (the retention, the temp sweep, …).
    public static let generic = QueueName(.generic)
}
