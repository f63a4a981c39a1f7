import Logging
import Subprocess
import Synchronization

/// One pre-started `ytdlp_helper.py` process that has imported yt_dlp and waits for a single job.
///
/// The process is spawned at init and lives in a task owned by this object, because it must outlive
/// the call that created it; ``run(_:)`` hands it a job and waits, ``retire()`` ends it unused.
/// It is its own process group, killed like any yt-dlp process, and exits by itself if Spool dies
/// (end of stdin while idle, a parent watcher while busy).
final class WarmHelper: Sendable {
    /// A job for the helper.
    struct Job: Sendable {
        /// yt-dlp's arguments.
        var arguments: [String]
        /// The job's work folder (the helper changes into it).
        var workDirectory: String
        /// Where events go.
        var onEvent: YtDlpSession.EventHandler
    }

    /// How the helper's life ended.
    enum Outcome: Sendable {
        /// The job ran; yt-dlp ended with `status`.
        case ran(status: TerminationStatus, session: YtDlpSession)
        /// The helper never became ready (yt_dlp could not be imported, the interpreter failed).
        case unavailable(reason: String)
        /// The helper was ready but died before it took the job.
        case lost(reason: String)
        /// No job came; the helper was retired.
        case retired
    }

    /// What the helper's process task shares with this object.
    private final class State: Sendable {
        let processID = Mutex<Int32?>(nil)
        let hasJob = Mutex(false)
    }

    /// How far the helper got, as seen from inside its process.
    private enum Progress: Sendable {
        case notReady, retired, ran
        case lost(String)
    }

    private let jobs: AsyncStream<Job>.Continuation
    private let task: Task<Outcome, any Error>
    private let state = State()

    /// Spawns the helper now.
    init(launch: YtDlpHelper.Launch, killGrace: Duration, registry: ProcessRegistry, logger: Logger) {
        let (stream, continuation) = AsyncStream.makeStream(of: Job.self, bufferingPolicy: .bufferingNewest(1))
        let state = self.state
        self.jobs = continuation
        // The one unstructured task in SpoolMedia: the helper's lifetime is this object's. It always
        // ends: through run(_:) (the job ends), retire() or deinit (cancellation kills the group).
        self.task = Task {
            try await Self.serve(launch: launch, jobs: stream, killGrace: killGrace, registry: registry, state: state)
        }
        logger.debug("started a warm yt-dlp helper", metadata: ["helper.script": "\(launch.script)"])
    }

    deinit {
        jobs.finish()
        task.cancel()
    }

    /// The helper's process id, once spawned.
    var processID: Int32? { state.processID.withLock { $0 } }

    /// Gives the helper `job` and waits until its process has ended and been reaped.
    ///
    /// Cancelling the calling task stops the job like a yt-dlp process: SIGTERM to its group, SIGKILL
    /// after the grace period.
    func run(_ job: Job) async throws -> Outcome {
        jobs.yield(job)
        jobs.finish()
        return try await withTaskCancellationHandler {
            try await task.value
        } onCancel: {
            task.cancel()
        }
    }

    /// Ends an unused helper and waits until it is reaped.
    func retire() async {
        jobs.finish()
        task.cancel()
        _ = try? await task.value
    }

    private static func serve(
        launch: YtDlpHelper.Launch,
        jobs: AsyncStream<Job>,
        killGrace: Duration,
        registry: ProcessRegistry,
        state: State
    ) async throws -> Outcome {
        _ = ChildProcess.ignoreBrokenPipe
        let session = YtDlpSession()
        let result: ExecutionResult<Progress, SequenceOutput, SequenceOutput>
        do {
            result = try await Subprocess.run(
                ChildProcess.executable(launch.python),
                arguments: Arguments(launch.arguments),
                environment: ChildProcess.pythonEnvironment,
                platformOptions: ChildProcess.platformOptions(killGrace: killGrace),
                input: .inputWriter,
                output: .sequence,
                error: .sequence
            ) { execution in
                let processID = execution.processIdentifier.value
                state.processID.withLock { $0 = processID }
                registry.insert(processID)
                defer { registry.remove(processID) }
                return try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask { try await session.drain(execution.standardError) }
                    let progress = try await handOver(jobs: jobs, to: execution, session: session, state: state)
                    try await group.waitForAll()
                    return progress
                }
            }
        } catch {
            try Task.checkCancellation()
            guard state.hasJob.withLock({ $0 }) else {
                return .unavailable(reason: "the helper could not be started: \(error)")
            }
            throw MediaError(code: .toolFailed, message: "lost contact with yt-dlp: \(error)", tool: "yt-dlp")
        }
        if ChildProcess.needsSweep(result.terminationStatus), let group = state.processID.withLock({ $0 }) {
            ChildProcess.sweep(group: group)
        }
        switch result.closureResult {
        case .ran:
            return .ran(status: result.terminationStatus, session: session)
        case .retired:
            return .retired
        case .lost(let reason):
            return .lost(reason: reason)
        case .notReady:
            let reason = session.snapshot.standardError.message ?? "it exited with \(result.terminationStatus)"
            return .unavailable(reason: reason)
        }
    }

    /// Waits for the ready line, then for a job; writes the job line and reads stdout to its end.
    private static func handOver(
        jobs: AsyncStream<Job>,
        to execution: Execution<CustomWriteInput, SequenceOutput, SequenceOutput>,
        session: YtDlpSession,
        state: State
    ) async throws -> Progress {
        var output = LineReader(execution.standardOutput)
        guard let first = try await output.next(), YtDlpHelper.isReadyLine(first) else {
            return .notReady
        }
        var pending = jobs.makeAsyncIterator()
        guard let job = await pending.next() else {
            try await execution.standardInputWriter.finish()
            while try await output.next() != nil {}
            return .retired
        }
        session.attach(job.onEvent)
        state.hasJob.withLock { $0 = true }
        do {
            let line = try YtDlpHelper.jobLine(arguments: job.arguments, workDirectory: job.workDirectory)
            _ = try await execution.standardInputWriter.write(line)
            try await execution.standardInputWriter.finish()
        } catch {
            ChildProcess.killGroup(of: execution)
            return .lost("the helper did not accept the job: \(error)")
        }
        while let line = try await output.next() {
            await session.handleStandardOutput(line)
        }
        return .ran
    }
}
