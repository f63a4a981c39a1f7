import Foundation
import Logging
import SpoolCore
import Subprocess

/// Runs yt-dlp: downloads with live progress, cancellation that really stops the process group,
/// and a warm start that pays yt_dlp's import once.
///
/// A cold `yt-dlp` process spends most of a second importing and compiling ~1,800 extractor patterns
/// before the first byte moves. By default (``StartMode/fork``) one fork server has done that work
/// and forks a child per download, so a queue of short videos pays it once, not per video; if the
/// server cannot start, one spare helper is kept instead (``StartMode/spare``), and without Python
/// every download is a plain `yt-dlp` process. Call ``prewarm()`` at startup when
/// ``Configuration/startsWithServer`` says so (else the first download or ``noteActivity()`` starts
/// the fork server), and ``shutdown()`` at the end.
public actor YtDlp {
    /// The settings this runner was created with.
    public let configuration: Configuration
    /// How downloads were started so far.
    public internal(set) var statistics = Statistics()

    private let logger: Logger
    private let registry = ProcessRegistry()
    private var resolvedLaunch: Launch?
    private var pool: HelperPool?
    private var helperUsable = true
    private(set) var forkServer: ForkServer?
    private(set) var forkUsable = true
    private var forkServerLosses = 0
    private(set) var isShutDown = false
    private var runningDownloads = 0
    private var lastActivity = ContinuousClock.now
    private var idleWatch: Task<Void, Never>?

    /// Fork servers lost in a row (without a download finishing in between) before fork start is
    /// given up for the spare helper.
    private static let forkServerLossLimit = 3

    /// What to run: the `yt-dlp` executable and, when warm start is possible, the helper.
    struct Launch {
        var executable: String
        var helper: YtDlpHelper.Launch?
    }

    /// Creates a runner; nothing starts until ``prewarm()`` or the first download.
    public init(configuration: Configuration = Configuration(), logger: Logger = Logger(label: "spool.media.yt-dlp")) {
        self.configuration = configuration
        self.logger = logger
    }

    /// Process ids of the yt-dlp processes running downloads right now (each leads its own process group).
    public var activeProcessIDs: [Int32] {
        let spareID = pool?.spareProcessID
        return registry.snapshot.filter { $0 != spareID }
    }

    /// Process id of the waiting spare helper, if one is running.
    public var spareProcessID: Int32? { pool?.spareProcessID }

    /// Process id of the fork server, if one is running.
    public var forkServerProcessID: Int32? { forkServer?.processID }

    /// Finds yt-dlp and starts the warm start's process: the fork server, or the spare helper.
    ///
    /// - Throws: ``MediaError`` `.toolMissing` when yt-dlp cannot be found.
    public func prewarm() throws {
        let launch = try launch()
        if let helper = launch.helper, configuration.start == .fork, forkUsable {
            _ = runningForkServer(helper)
        } else if let pool = helperPool(for: launch) {
            pool.fill()
        }
    }

    /// Downloads `request` into its work folder, reporting progress and log lines to `onEvent`.
    ///
    /// Cancelling the calling task sends SIGTERM to yt-dlp's process group (yt-dlp keeps its `.part`
    /// files, so a later call resumes), SIGKILL after ``Configuration/killGrace``, and returns only
    /// once the process is reaped, by throwing `CancellationError`.
    ///
    /// - Returns: the final file (inside `request.workDirectory`) and yt-dlp's metadata.
    /// - Throws: ``MediaError`` when yt-dlp fails or is missing, ``SpoolError`` for a bad request,
    ///   `CancellationError` when cancelled.
    public func download(
        _ request: YtDlpRequest,
        onEvent: @escaping @Sendable (YtDlpEvent) async -> Void
    ) async throws -> YtDlpResult {
        try Task.checkCancellation()
        let arguments = try YtDlpArguments.make(for: request, extraArguments: configuration.extraArguments)
        do {
            try FileManager.default.createDirectory(atPath: request.workDirectory, withIntermediateDirectories: true)
        } catch {
            throw SpoolError(.storage, "cannot create the download folder \(request.workDirectory)")
        }
        let launch = try launch()
        runningDownloads += 1
        lastActivity = .now
        defer {
            runningDownloads -= 1
            lastActivity = .now
        }

        if let helper = launch.helper, configuration.start == .fork,
           let result = try await downloadForked(helper: helper, arguments: arguments, request: request, onEvent: onEvent) {
            return result
        }
        if let pool = helperPool(for: launch),
           let result = try await downloadWithHelper(from: pool, arguments: arguments, request: request, onEvent: onEvent) {
            return result
        }
        statistics.plainProcess += 1
        let session = YtDlpSession(onEvent: onEvent)
        let status = try await Self.runPlain(
            executable: launch.executable, arguments: arguments, workDirectory: request.workDirectory,
            killGrace: configuration.killGrace, registry: registry, session: session
        )
        return try Self.result(of: status, session: session, request: request)
    }

    /// Runs yt-dlp with `arguments` for a run whose output `session` reads itself (a listing, see
    /// ``YtDlpLister``): forked from the fork server when fork start is on, else a plain process
    /// (the spare helper is kept for downloads).
    ///
    /// Unlike a download the run is never started again once it has begun, since its output may
    /// already have been used: a fork server lost mid-run throws `.toolFailed`. Cancelling the
    /// calling task stops the process group as for a download.
    ///
    /// - Returns: How yt-dlp ended; its stderr is in `session`.
    func run(arguments: [String], workDirectory: String, session: YtDlpSession) async throws -> TerminationStatus {
        try Task.checkCancellation()
        let launch = try launch()
        runningDownloads += 1  // a listing keeps the fork server busy as a download does
        lastActivity = .now
        defer {
            runningDownloads -= 1
            lastActivity = .now
        }
        if let helper = launch.helper, configuration.start == .fork, forkUsable, !isShutDown, let server = runningForkServer(helper) {
            switch try await server.run(
                arguments: arguments, workDirectory: workDirectory, session: session, killGrace: configuration.killGrace, registry: registry
            ) {
            case .ran(let status):
                statistics.forkedListings += 1
                return status
            case .unavailable(let reason):
                logger.warning("the yt-dlp fork server cannot start; using a spare helper instead", metadata: ["error.message": "\(reason)"])
                forkUsable = false
                await dropForkServer(server)
            case .lost(let reason):
                try Task.checkCancellation()
                forkServerLosses += 1
                await dropForkServer(server)
                throw MediaError(code: .toolFailed, message: "the yt-dlp fork server went away during the run: \(reason)", tool: "yt-dlp")
            }
        }
        statistics.plainListings += 1
        return try await Self.runPlain(
            executable: launch.executable, arguments: arguments, workDirectory: workDirectory,
            killGrace: configuration.killGrace, registry: registry, session: session
        )
    }

    /// Runs the download in a child of the fork server; nil when fork start is unavailable (the spare
    /// helper or plain yt-dlp runs it instead).
    ///
    /// A server that goes away mid-download (crashed, killed) took its child with it; the download
    /// runs again in a new server, resuming from its `.part` file.
    private func downloadForked(
        helper: YtDlpHelper.Launch,
        arguments: [String],
        request: YtDlpRequest,
        onEvent: @escaping @Sendable (YtDlpEvent) async -> Void
    ) async throws -> YtDlpResult? {
        while forkUsable, !isShutDown, let server = runningForkServer(helper) {
            let session = YtDlpSession(onEvent: onEvent)
            let outcome = try await server.run(
                arguments: arguments, workDirectory: request.workDirectory, session: session,
                killGrace: configuration.killGrace, registry: registry
            )
            switch outcome {
            case .ran(let status):
                statistics.forked += 1
                forkServerLosses = 0
                return try Self.result(of: status, session: session, request: request)
            case .unavailable(let reason):
                logger.warning("the yt-dlp fork server cannot start; using a spare helper instead", metadata: ["error.message": "\(reason)"])
                forkUsable = false
                await dropForkServer(server)
            case .lost(let reason):
                try Task.checkCancellation()
                if isShutDown {
                    throw MediaError(code: .toolFailed, message: "yt-dlp was stopped because Spool is shutting down", tool: "yt-dlp")
                }
                forkServerLosses += 1
                await dropForkServer(server)
                guard forkServerLosses < Self.forkServerLossLimit else {
                    logger.error(
                        "the yt-dlp fork server went away \(forkServerLosses) times in a row; using a spare helper instead",
                        metadata: ["error.message": "\(reason)"]
                    )
                    forkUsable = false
                    break
                }
                logger.warning("the yt-dlp fork server went away; running the download again in a new one", metadata: ["error.message": "\(reason)"])
            }
            try Task.checkCancellation()
        }
        return nil
    }

    /// Says Spool is being used (a web UI connection): starts the fork server if it is not running
    /// (not started yet, or stopped for being idle), so the next download starts warm.
    public func noteActivity() {
        lastActivity = .now
        guard configuration.start == .fork, forkUsable, !isShutDown, forkServer?.isGone ?? true,
              let helper = try? launch().helper
        else { return }
        _ = runningForkServer(helper)
    }

    /// The running fork server, started now when there is none (or the last one went away).
    private func runningForkServer(_ helper: YtDlpHelper.Launch) -> ForkServer? {
        if let forkServer, !forkServer.isGone { return forkServer }
        do {
            let server = try ForkServer(launch: helper, killGrace: configuration.killGrace, logger: logger)
            forkServer = server
            statistics.forkServersStarted += 1
            logger.info("started the yt-dlp fork server", metadata: ["process.pid": "\(server.processID.map(String.init) ?? "?")"])
            lastActivity = .now
            watchIdleTime()
            return server
        } catch {
            logger.warning("the yt-dlp fork server cannot start; using a spare helper instead", metadata: ["error.message": "\(error)"])
            forkUsable = false
            return nil
        }
    }

    /// Stops the fork server once nothing has used it for ``Configuration/idleStop``; it starts again
    /// on the next download or ``noteActivity()``.
    private func watchIdleTime() {
        guard let idleStop = configuration.idleStop, idleWatch == nil else { return }
        idleWatch = Task { [weak self] in
            while let self, !Task.isCancelled {
                guard let wait = await self.stopIfIdle(after: idleStop) else { break }
                try? await Task.sleep(for: wait)
            }
        }
    }

    /// Stops an idle fork server; returns how long to wait before looking again (nil: stop watching).
    private func stopIfIdle(after idleStop: Duration) async -> Duration? {
        guard let server = forkServer, !server.isGone, !isShutDown else {
            idleWatch = nil
            return nil
        }
        let idle = ContinuousClock.now - lastActivity
        if runningDownloads > 0 || idle < idleStop {
            return max(idleStop - idle, .milliseconds(100))
        }
        logger.info("stopping the idle yt-dlp fork server; it starts again when Spool is used", metadata: ["idle.seconds": "\(idle.components.seconds)"])
        statistics.idleStops += 1
        idleWatch = nil
        await dropForkServer(server)
        return nil
    }

    /// Forgets `server` (if it is still the current one) and waits until it has ended.
    private func dropForkServer(_ server: ForkServer) async {
        if forkServer === server { forkServer = nil }
        await server.close(killGrace: configuration.killGrace)
    }

    /// Runs the download on a warm helper; nil when the helper could not take it (run plain instead).
    private func downloadWithHelper(
        from pool: HelperPool,
        arguments: [String],
        request: YtDlpRequest,
        onEvent: @escaping @Sendable (YtDlpEvent) async -> Void
    ) async throws -> YtDlpResult? {
        let (helper, prestarted) = pool.take()
        defer { pool.fill() }
        let job = WarmHelper.Job(arguments: arguments, workDirectory: request.workDirectory) { event in
            if case .progress = event { pool.fill() }  // the replacement starts once this one is under way
            await onEvent(event)
        }
        let outcome = try await helper.run(job)
        if case .ran(let status, let session) = outcome {
            if prestarted { statistics.prestartedHelper += 1 } else { statistics.onDemandHelper += 1 }
            return try Self.result(of: status, session: session, request: request)
        }
        try Task.checkCancellation()
        switch outcome {
        case .ran, .retired:
            break
        case .unavailable(let reason):
            logger.warning("warm yt-dlp start is unavailable; running yt-dlp directly", metadata: ["error.message": "\(reason)"])
            helperUsable = false
            self.pool = nil
            await pool.close()
        case .lost(let reason):
            logger.warning("a warm yt-dlp helper was lost; running yt-dlp directly", metadata: ["error.message": "\(reason)"])
        }
        return nil
    }

    /// yt-dlp's version, e.g. `2026.10.26`.
    ///
    /// - Throws: ``MediaError`` `.toolMissing` or `.toolFailed`.
    public func version() async throws -> String {
        let output = try await ToolRunner.run(tool: "yt-dlp", program: configuration.executable, arguments: ["--version"])
        let version = output.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines)
        guard output.status.isSuccess, !version.isEmpty else {
            let tail = YtDlpStderr(parsing: output.standardError)
            throw MediaError(
                code: .toolFailed, message: tail.message ?? "yt-dlp --version failed (\(output.status))",
                tool: "yt-dlp", stderrTail: tail.tail.text, exitCode: output.status.exitCode
            )
        }
        return version
    }

    /// Stops the fork server (and the downloads it still runs) and the spare helper, and stops
    /// starting new ones; later downloads run plain yt-dlp.
    public func shutdown() async {
        isShutDown = true
        idleWatch?.cancel()
        idleWatch = nil
        if let forkServer { await dropForkServer(forkServer) }
        await pool?.close()
        pool = nil
    }

    /// The helper pool when warm start is on and still believed to work (made on first use).
    private func helperPool(for launch: Launch) -> HelperPool? {
        guard configuration.start != .cold, helperUsable, !isShutDown, let helper = launch.helper else { return nil }
        if let pool { return pool }
        let pool = HelperPool(launch: helper, killGrace: configuration.killGrace, registry: registry, logger: logger)
        self.pool = pool
        return pool
    }

    /// Resolves the executable (every call, so a tool installed later is found) and the helper (once).
    func launch() throws -> Launch {
        guard let executable = ExecutableLocator.locate(configuration.executable) else {
            throw MediaError.toolMissing("yt-dlp", detail: "'\(configuration.executable)' was not found on PATH")
        }
        if let resolvedLaunch, resolvedLaunch.executable == executable {
            return resolvedLaunch
        }
        let launch = Launch(executable: executable, helper: configuration.start == .cold ? nil : helperLaunch(for: executable))
        resolvedLaunch = launch
        return launch
    }

    func helperLaunch(for executable: String) -> YtDlpHelper.Launch? {
        let command = if let python = configuration.python {
            ExecutableLocator.locate(python).map { [$0] }
        } else {
            PythonInterpreter.command(forScript: executable)
        }
        guard let command, let program = command.first else {
            logger.notice("no Python interpreter found for \(executable); yt-dlp runs without warm start")
            return nil
        }
        guard let script = YtDlpHelper.locateScript(override: configuration.helperScript) else {
            logger.warning("\(YtDlpHelper.scriptName) could not be written out; yt-dlp runs without warm start")
            return nil
        }
        return YtDlpHelper.Launch(python: program, pythonArguments: Array(command.dropFirst()), script: script, ytDlpExecutable: executable)
    }
}
