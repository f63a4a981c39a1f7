/// The stages a deployment knows, in the order a job runs them. A job's plan is the catalog's
/// stages that apply to its options; `download` always comes first.
public struct StageCatalog: Sendable {
    /// Every stage, in run order.
    public let definitions: [StageDefinition]

    /// A catalog of `definitions` in run order; the first must be `download`.
    public init(_ definitions: [StageDefinition]) {
        precondition(definitions.first?.stage == .download, "a stage catalog starts with download")
        precondition(Set(definitions.map(\.stage)).count == definitions.count, "a stage is declared once")
        self.definitions = definitions
    }

    /// What Spool ships: download, then dub and mux for a voice-over, then processing, then the
    /// upload to object storage.
    public static let standard = StageCatalog([.download, .dub, .mux, .process, .upload])

    /// The stages, in run order.
    public var stages: [Stage] { definitions.map(\.stage) }

    /// The definition of `stage`, if the catalog has it.
    public func definition(of stage: Stage) -> StageDefinition? {
        definitions.first { $0.stage == stage }
    }

    /// The stages a job with `options` runs, in order.
    public func plan(for options: JobOptions) -> [StageDefinition] {
        definitions.filter { $0.stage == .download || $0.isPlanned(options) }
    }

    /// The stage named `name`, if the catalog has it.
    public func stage(named name: String) -> Stage? {
        stages.first { $0.rawValue == name }
    }

    /// The queues `GET /api/queue` reports: the catalog's, and the seed's `q:process` even before a
    /// stage runs on it, so dashboards see every seed queue from the start.
    public var reportedQueues: [String] {
        let names = stages.map(\.queueName)
        return names.contains(Stage.process.queueName) ? names : names + [Stage.process.queueName]
    }

    /// Every state a job waits or runs in under this catalog (the states that hold a queue entry).
    public var activeStates: Set<JobState> {
        Set([.queued] + definitions.flatMap { [$0.runningState] + ($0.doneState.map { [$0] } ?? []) })
    }
}
