/// The job state machine as a pure value: it takes an event, returns the states entered and the
/// actions to perform, and rejects illegal moves with a reason. It performs no I/O.
///
/// What runs next comes from the job's plan (its stages in order, download first) and the stages
/// already finished; the plan's definitions say which state a job shows while each stage waits
/// and runs.
public struct JobLifecycle: Sendable {
    /// Current state.
    public private(set) var state: JobState
    /// For PAUSED: the waiting state that `resume` returns to.
    public private(set) var pausedFrom: JobState?
    /// Every stage the job runs, in order; `download` first.
    public let plan: [StageDefinition]
    /// Stages already finished.
    public private(set) var finished: [Stage]

    /// Creates a machine in a given state for a plan.
    public init(state: JobState = .queued, pausedFrom: JobState? = nil, stages: [StageDefinition], finished: [Stage] = []) {
        self.state = state
        self.pausedFrom = pausedFrom
        self.plan = stages.first?.stage == .download ? stages : [.download] + stages
        self.finished = finished
    }

    /// Creates a machine whose plan is `download` followed by `stages` from `catalog`.
    public init(state: JobState = .queued, pausedFrom: JobState? = nil, plan stages: [Stage] = [], finished: [Stage] = [], catalog: StageCatalog = .standard) {
        self.init(state: state, pausedFrom: pausedFrom, stages: stages.compactMap(catalog.definition(of:)), finished: finished)
    }

    /// Something that happened to a job.
    public enum Event: Sendable, Hashable {
        /// A worker claimed the stage (also accepted again on redelivery after a lost lease).
        case start(Stage)
        /// The stage's output is complete.
        case finish(Stage)
        /// The stage failed but will be tried again after a delay.
        case retry(Stage)
        /// The job failed for good.
        case fail
        /// The user paused the job.
        case pause
        /// The user resumed a paused job, or a failed one from its first unfinished stage.
        case resume
        /// The user asked to run the job now, ahead of the queue limit.
        case startNow
        /// The user canceled the job.
        case cancel
        /// The user asked to run the job again from the beginning.
        case restart
    }

    /// Work the caller performs after a transition.
    public enum Action: Sendable, Hashable {
        /// Put the job into the stage's queue.
        case enqueue(Stage)
        /// Put the job into the stage's queue, marked to start regardless of the concurrency limit.
        case enqueueNow(Stage)
        /// Remove the job's pending queue entries.
        case dequeue
        /// Stop the child process of the running stage (keeps partial files).
        case stopWorker
        /// Delete the job's temporary files.
        case removeTemporaryFiles
    }

    /// The result of a legal event.
    public struct Outcome: Sendable, Hashable {
        /// States entered, in order (empty when the state did not change).
        public var states: [JobState]
        /// Actions to perform, in order.
        public var actions: [Action]
    }

    /// Why an event was rejected.
    public struct Rejection: Error, Sendable, Hashable, CustomStringConvertible {
        /// The state the job was in.
        public var state: JobState
        /// The rejected event.
        public var event: Event
        /// Human-readable reason.
        public var reason: String
        /// The reason.
        public var description: String { reason }
    }

    /// Applies `event`; on rejection the machine is unchanged.
    public mutating func handle(_ event: Event) -> Result<Outcome, Rejection> {
        let before = self
        let result = apply(event)
        if case .failure = result { self = before }
        return result
    }

    /// The stage to run after `stage`, if any.
    public func stage(after stage: Stage) -> Stage? {
        guard let index = plan.firstIndex(where: { $0.stage == stage }), index + 1 < plan.count else { return nil }
        return plan[index + 1].stage
    }

    /// The first stage not yet finished, if any.
    public var firstUnfinishedStage: Stage? {
        plan.first { !finished.contains($0.stage) }?.stage
    }

    /// The stage running in the current state, if any.
    public var runningStage: Stage? {
        definition(where: { $0.runningState == state })?.stage
    }

    /// The stage waiting in the current state (the job sits in that stage's queue), if any.
    public var waitingStage: Stage? {
        guard !state.isRunning, !state.isTerminal, state != .paused else { return nil }
        return definition(where: { waitingState(before: $0.stage) == state })?.stage
    }

    /// The stage a paused job goes back to, if any.
    public var pausedStage: Stage? {
        guard state == .paused, let pausedFrom else { return nil }
        return definition(where: { waitingState(before: $0.stage) == pausedFrom })?.stage
    }

    /// The state a job waits in before `stage` runs: the done state of the nearest earlier stage
    /// that has one, else QUEUED.
    public func waitingState(before stage: Stage) -> JobState {
        guard let index = plan.firstIndex(where: { $0.stage == stage }) else { return .queued }
        return plan[..<index].reversed().lazy.compactMap(\.doneState).first ?? .queued
    }

    /// The first unfinished planned stage matching `predicate`, else the first matching one.
    private func definition(where predicate: (StageDefinition) -> Bool) -> StageDefinition? {
        plan.first { !finished.contains($0.stage) && predicate($0) } ?? plan.first(where: predicate)
    }

    private func planned(_ stage: Stage) -> StageDefinition? {
        plan.first { $0.stage == stage }
    }

    private mutating func apply(_ event: Event) -> Result<Outcome, Rejection> {
        func reject(_ reason: String) -> Result<Outcome, Rejection> {
            .failure(Rejection(state: state, event: event, reason: reason))
        }
        func notPlanned(_ stage: Stage) -> Result<Outcome, Rejection> {
            reject("stage \(stage.rawValue) is not part of this job")
        }
        switch event {
        case .start(let stage):
            guard let definition = planned(stage) else { return notPlanned(stage) }
            if state == definition.runningState { return .success(Outcome(states: [], actions: [])) }
            guard waitingStage == stage else {
                return reject("cannot start \(stage.rawValue) while \(state.rawValue)")
            }
            state = definition.runningState
            return .success(Outcome(states: [state], actions: []))

        case .finish(let stage):
            guard let definition = planned(stage) else { return notPlanned(stage) }
            guard state == definition.runningState else {
                return reject("cannot finish \(stage.rawValue) while \(state.rawValue)")
            }
            if !finished.contains(stage) { finished.append(stage) }
            if let next = self.stage(after: stage) {
                state = waitingState(before: next)
                return .success(Outcome(states: [state], actions: [.enqueue(next)]))
            }
            let states = (definition.doneState.map { [$0] } ?? []) + [.complete]
            state = .complete
            return .success(Outcome(states: states, actions: [.removeTemporaryFiles]))

        case .retry(let stage):
            guard let definition = planned(stage) else { return notPlanned(stage) }
            guard state == definition.runningState else {
                return reject("cannot retry \(stage.rawValue) while \(state.rawValue)")
            }
            state = waitingState(before: stage)
            return .success(Outcome(states: [state], actions: []))

        case .fail:
            guard !state.isTerminal, state != .paused else {
                return reject("cannot fail a job that is \(state.rawValue)")
            }
            let wasRunning = state.isRunning
            state = .failed
            return .success(Outcome(states: [.failed], actions: wasRunning ? [.stopWorker, .dequeue] : [.dequeue]))

        case .pause:
            if state.isRunning {
                pausedFrom = runningStage.map(waitingState(before:)) ?? .queued
                state = .paused
                return .success(Outcome(states: [.paused], actions: [.stopWorker, .dequeue]))
            }
            guard waitingStage != nil else {
                return reject("cannot pause a job that is \(state.rawValue)")
            }
            pausedFrom = state
            state = .paused
            return .success(Outcome(states: [.paused], actions: [.dequeue]))

        case .resume:
            switch state {
            case .paused:
                guard let stage = pausedStage ?? (pausedFrom == nil ? .download : nil) else {
                    return reject("paused job has no stage to resume")
                }
                state = pausedFrom ?? .queued
                pausedFrom = nil
                return .success(Outcome(states: [state], actions: [.enqueue(stage)]))
            case .failed:
                guard let stage = firstUnfinishedStage else { return reject("every stage of this job has finished") }
                state = waitingState(before: stage)
                return .success(Outcome(states: [state], actions: [.enqueue(stage)]))
            default:
                return reject("only PAUSED or FAILED jobs can be resumed, this one is \(state.rawValue)")
            }

        case .startNow:
            if state == .paused {
                guard let stage = pausedStage ?? (pausedFrom == nil ? .download : nil) else {
                    return reject("paused job has no stage to start")
                }
                state = pausedFrom ?? .queued
                pausedFrom = nil
                return .success(Outcome(states: [state], actions: [.enqueueNow(stage)]))
            }
            guard let stage = waitingStage else {
                return reject("only waiting or paused jobs can be started now, this one is \(state.rawValue)")
            }
            return .success(Outcome(states: [], actions: [.enqueueNow(stage)]))

        case .cancel:
            guard !state.isTerminal else {
                return reject("cannot cancel a job that is \(state.rawValue)")
            }
            let wasRunning = state.isRunning
            state = .canceled
            pausedFrom = nil
            let actions: [Action] = (wasRunning ? [.stopWorker] : []) + [.dequeue, .removeTemporaryFiles]
            return .success(Outcome(states: [.canceled], actions: actions))

        case .restart:
            guard state == .failed || state == .canceled || state == .complete else {
                return reject("only FAILED, CANCELED or COMPLETE jobs can be retried, this one is \(state.rawValue)")
            }
            finished = []
            pausedFrom = nil
            state = .queued
            return .success(Outcome(states: [.queued], actions: [.removeTemporaryFiles, .enqueue(.download)]))
        }
    }
}
