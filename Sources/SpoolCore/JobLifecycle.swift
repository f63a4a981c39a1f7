/// The job state machine as a pure value: it takes an event, returns the states entered and the
/// actions to perform, and rejects illegal moves with a reason. It performs no I/O.
public struct JobLifecycle: Sendable, Hashable {
    /// Current state.
    public private(set) var state: JobState
    /// For PAUSED: the waiting state that `resume` returns to.
    public private(set) var pausedFrom: JobState?
    /// Stages to run after download, in order (`[.dub, .mux]` for a dubbing job).
    public let plan: [Stage]
    /// Stages already finished.
    public private(set) var finished: [Stage]

    /// Creates a machine in a given state.
    public init(state: JobState = .queued, pausedFrom: JobState? = nil, plan: [Stage] = [], finished: [Stage] = []) {
        self.state = state
        self.pausedFrom = pausedFrom
        self.plan = plan
        self.finished = finished
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
        let order: [Stage] = [.download] + plan
        guard let index = order.firstIndex(of: stage), index + 1 < order.count else { return nil }
        return order[index + 1]
    }

    /// The first stage not yet finished, if any.
    public var firstUnfinishedStage: Stage? {
        ([.download] + plan).first { !finished.contains($0) }
    }

    private mutating func apply(_ event: Event) -> Result<Outcome, Rejection> {
        func reject(_ reason: String) -> Result<Outcome, Rejection> {
            .failure(Rejection(state: state, event: event, reason: reason))
        }
        switch event {
        case .start(let stage):
            guard stage == .download || plan.contains(stage) else {
                return reject("stage \(stage.rawValue) is not part of this job")
            }
            if state == stage.runningState { return .success(Outcome(states: [], actions: [])) }
            guard state == stage.inputState else {
                return reject("cannot start \(stage.rawValue) while \(state.rawValue)")
            }
            state = stage.runningState
            return .success(Outcome(states: [state], actions: []))

        case .finish(let stage):
            guard stage == .download || plan.contains(stage) else {
                return reject("stage \(stage.rawValue) is not part of this job")
            }
            guard state == stage.runningState else {
                return reject("cannot finish \(stage.rawValue) while \(state.rawValue)")
            }
            if !finished.contains(stage) { finished.append(stage) }
            if let next = self.stage(after: stage) {
                state = next.inputState
                return .success(Outcome(states: [state], actions: [.enqueue(next)]))
            }
            var states: [JobState] = []
            if stage == .download { states.append(.downloaded) }
            state = .complete
            states.append(.complete)
            return .success(Outcome(states: states, actions: [.removeTemporaryFiles]))

        case .retry(let stage):
            guard stage == .download || plan.contains(stage) else {
                return reject("stage \(stage.rawValue) is not part of this job")
            }
            guard state == stage.runningState else {
                return reject("cannot retry \(stage.rawValue) while \(state.rawValue)")
            }
            state = stage.inputState
            return .success(Outcome(states: [state], actions: []))

        case .fail:
            guard !state.isTerminal, state != .paused else {
                return reject("cannot fail a job that is \(state.rawValue)")
            }
            let wasRunning = state.isRunning
            state = .failed
            return .success(Outcome(states: [.failed], actions: wasRunning ? [.stopWorker, .dequeue] : [.dequeue]))

        case .pause:
            if let stage = state.runningStage {
                pausedFrom = stage.inputState
                state = .paused
                return .success(Outcome(states: [.paused], actions: [.stopWorker, .dequeue]))
            }
            guard state.waitingStage != nil else {
                return reject("cannot pause a job that is \(state.rawValue)")
            }
            pausedFrom = state
            state = .paused
            return .success(Outcome(states: [.paused], actions: [.dequeue]))

        case .resume:
            switch state {
            case .paused:
                let target = pausedFrom ?? .queued
                pausedFrom = nil
                state = target
                guard let stage = target.waitingStage else { return reject("paused job has no stage to resume") }
                return .success(Outcome(states: [target], actions: [.enqueue(stage)]))
            case .failed:
                guard let stage = firstUnfinishedStage else { return reject("every stage of this job has finished") }
                state = stage.inputState
                return .success(Outcome(states: [state], actions: [.enqueue(stage)]))
            default:
                return reject("only PAUSED or FAILED jobs can be resumed, this one is \(state.rawValue)")
            }

        case .startNow:
            if state == .paused {
                let target = pausedFrom ?? .queued
                pausedFrom = nil
                state = target
                guard let stage = target.waitingStage else { return reject("paused job has no stage to start") }
                return .success(Outcome(states: [target], actions: [.enqueueNow(stage)]))
            }
            guard let stage = state.waitingStage else {
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
