import Foundation
import Logging
import Subprocess
import Synchronization
import SystemPackage

/// One long-lived `ytdlp_helper.py --fork-server` process that has imported yt_dlp once and forks a
/// child per download, so a download costs a fork instead of an interpreter start and import.
///
/// Each request goes over a Unix socket (the server's stdin) with the write ends of two pipes Spool
/// reads as the child's stdout and stderr; the server answers on its stdout with the child's process
/// id and, once reaped, its exit status. Every child leads its own process group, so pause, cancel
/// and stall restarts signal it as they signal a yt-dlp Spool spawns; a child ends with the server
/// (PR_SET_PDEATHSIG), and the server ends its children and itself when Spool closes the socket or dies.
final class ForkServer: Sendable {
    /// How one request ended.
    enum Outcome: Sendable {
        /// yt-dlp ran in a forked child and ended with `status`.
        case ran(TerminationStatus)
        /// The server never became ready (yt_dlp not importable, no Unix sockets, no fork).
        case unavailable(reason: String)
        /// The server was ready but went away (crashed, killed) while the request was open.
        case lost(reason: String)
    }

    private struct State {
        var children: [String: ForkedChild] = [:]
        /// Format checks waiting for their answer.
        var formatChecks: [String: CheckedContinuation<FormatVerdict?, Never>] = [:]
        /// Format checks that timed out before their waiter was registered.
        var expiredChecks: Set<String> = []
        var nextRequest: UInt64 = 0
        var processID: Int32?
        var isReady = false
        /// The server's own stderr (what explains an exit).
        var errors = YtDlpStderr()
        /// Why the server is gone, once it is.
        var gone: (reason: String, wasReady: Bool)?
    }

    private let socket: ControlSocket
    private let state = Mutex(State())
    private let task: Mutex<Task<Void, Never>?> = Mutex(nil)
    private let logger: Logger

    /// Spawns the server now; it warms up in the background and takes requests once ready (requests
    /// sent earlier wait in the socket).
    ///
    /// - Throws: ``MediaError`` when the socket pair cannot be created.
    init(launch: YtDlpHelper.Launch, killGrace: Duration, logger: Logger) throws {
        socket = try ControlSocket()
        self.logger = logger
        let started = Task { [self] in
            await serve(launch: launch, killGrace: killGrace)
        }
        task.withLock { $0 = started }
        logger.debug("started the yt-dlp fork server", metadata: ["helper.script": "\(launch.script)"])
    }

    /// The server's process id, once spawned and while it runs.
    var processID: Int32? { state.withLock { $0.gone == nil ? $0.processID : nil } }

    /// Whether the server has ended (a new one must be started for the next request).
    var isGone: Bool { state.withLock { $0.gone != nil } }

    /// Runs yt-dlp with `arguments` in a forked child in `workDirectory`, feeding its output to
    /// `session`, and waits until the child is reaped and its output read to the end.
    ///
    /// Cancelling the calling task sends SIGTERM to the child's group, SIGKILL after `killGrace`,
    /// and still waits for the reap before throwing `CancellationError`.
    func run(
        arguments: [String],
        workDirectory: String,
        session: YtDlpSession,
        killGrace: Duration,
        registry: ProcessRegistry
    ) async throws -> Outcome {
        let child = ForkedChild(registry: registry)
        let registered = state.withLock { state -> String? in
            guard state.gone == nil else { return nil }
            state.nextRequest += 1
            let id = String(state.nextRequest)
            state.children[id] = child
            return id
        }
        guard let id = registered else { return goneOutcome() }
        defer { _ = state.withLock { $0.children.removeValue(forKey: id) } }

        let output = try PipeReader()
        let errors = try PipeReader()
        do {
            // The server has its own copies once the message is sent; ours close either way.
            defer {
                output.closeWriteEnd()
                errors.closeWriteEnd()
            }
            let line = try YtDlpHelper.jobLine(arguments: arguments, workDirectory: workDirectory, id: id)
            try socket.send(Array(line.utf8), descriptors: [output.writeEnd, errors.writeEnd])
        } catch {
            return .lost(reason: "the fork server did not take the request: \(error)")
        }

        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await session.pump(output: output, errors: errors) }
            let end = await withTaskCancellationHandler {
                await child.waitForEnd()
            } onCancel: {
                child.stop(grace: killGrace)
            }
            if let group = child.processID, end.leavesMembersBehind {
                ChildProcess.sweep(group: group)
            }
            try? await group.waitForAll()
            try Task.checkCancellation()
            switch end {
            case .exited(let status):
                return .ran(status)
            case .rejected(let reason):
                throw MediaError(code: .toolFailed, message: "the yt-dlp fork server refused the download: \(reason)", tool: "yt-dlp")
            case .serverGone(let reason):
                return goneOutcome(reason)
            }
        }
    }

    /// Whether the server has warmed up and answers requests at once.
    var isReady: Bool { state.withLock { $0.isReady && $0.gone == nil } }

    /// yt-dlp's verdict on a format expression, parsed in the server itself (no child, no network);
    /// nil when the server is not ready, goes away, or has not answered within `timeout`.
    func checkFormat(_ format: String, timeout: Duration) async -> FormatVerdict? {
        let id = state.withLock { state -> String? in
            guard state.isReady, state.gone == nil else { return nil }
            state.nextRequest += 1
            return "format-\(state.nextRequest)"
        }
        guard let id, let line = try? Self.formatCheckLine(id: id, format: format) else { return nil }
        return await withTaskGroup(of: FormatVerdict?.self) { group in
            group.addTask { [self] in
                await withCheckedContinuation { continuation in
                    let registered = state.withLock { state -> Bool in
                        guard state.gone == nil, state.expiredChecks.remove(id) == nil else { return false }
                        state.formatChecks[id] = continuation
                        return true
                    }
                    guard registered else { return continuation.resume(returning: nil) }
                    do {
                        try socket.send(Array(line.utf8), descriptors: [])
                    } catch {
                        finishCheck(id, nil)
                    }
                }
            }
            group.addTask { [self] in
                try? await Task.sleep(for: timeout)
                if !Task.isCancelled { finishCheck(id, nil, expire: true) }
                return nil
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first
        }
    }

    /// Resumes the waiter of format check `id`; with `expire`, a waiter not registered yet finds
    /// the check expired when it comes.
    private func finishCheck(_ id: String, _ verdict: FormatVerdict?, expire: Bool = false) {
        let waiter = state.withLock { state -> CheckedContinuation<FormatVerdict?, Never>? in
            let waiter = state.formatChecks.removeValue(forKey: id)
            if waiter == nil, expire { state.expiredChecks.insert(id) }
            return waiter
        }
        waiter?.resume(returning: verdict)
    }

    /// `{"id":"…","checkFormat":"…"}` and a newline.
    private static func formatCheckLine(id: String, format: String) throws -> String {
        let data = try JSONSerialization.data(withJSONObject: ["id": id, "checkFormat": format])
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    /// What a request gets once the server is gone: `.lost` if it had become ready, `.unavailable`
    /// if it never did.
    private func goneOutcome(_ reason: String? = nil) -> Outcome {
        let gone = state.withLock { $0.gone }
        let why = reason ?? gone?.reason ?? "the yt-dlp fork server has stopped"
        return gone?.wasReady ?? true ? .lost(reason: why) : .unavailable(reason: why)
    }

    /// Ends the server: closing the socket makes it stop its children and exit; it is killed if it
    /// has not gone `killGrace` later. Returns once it is reaped.
    func close(killGrace: Duration = .seconds(3)) async {
        socket.close()
        guard let running = task.withLock({ $0 }) else { return }
        let deadline = Task {
            try await Task.sleep(for: killGrace + .seconds(3))
            running.cancel()
        }
        await running.value
        deadline.cancel()
    }

    /// Runs the server process until it exits; then every open request learns it is gone.
    private func serve(launch: YtDlpHelper.Launch, killGrace: Duration) async {
        _ = ChildProcess.ignoreBrokenPipe
        let reason: String
        do {
            let result = try await Subprocess.run(
                ChildProcess.executable(launch.python),
                arguments: Arguments(launch.arguments(forkServer: true)),
                environment: ChildProcess.pythonEnvironment,
                platformOptions: ChildProcess.platformOptions(killGrace: killGrace),
                input: .fileDescriptor(FileDescriptor(rawValue: socket.childEnd), closeAfterSpawningProcess: true),
                output: .sequence,
                error: .sequence
            ) { execution in
                state.withLock { $0.processID = execution.processIdentifier.value }
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask { [self] in
                        var lines = LineReader(execution.standardError)
                        while let line = try await lines.next() {
                            state.withLock { $0.errors.consume(line) }
                            logger.warning("yt-dlp fork server: \(line)")
                        }
                    }
                    var lines = LineReader(execution.standardOutput)
                    while let line = try await lines.next() {
                        handleReply(line)
                    }
                    try await group.waitForAll()
                }
            }
            let message = state.withLock { $0.errors.message }
            reason = message ?? "the yt-dlp fork server exited (\(result.terminationStatus))"
        } catch {
            reason = "the yt-dlp fork server could not run: \(error)"
        }
        let (orphans, checks) = state.withLock { state -> ([ForkedChild], [CheckedContinuation<FormatVerdict?, Never>]) in
            state.gone = (reason, state.isReady)
            defer {
                state.children = [:]
                state.formatChecks = [:]
            }
            return (Array(state.children.values), Array(state.formatChecks.values))
        }
        for child in orphans {
            child.ended(.serverGone(reason))
        }
        for check in checks {
            check.resume(returning: nil)
        }
    }

    /// One stdout line of the server: the ready line, or a reply about a request.
    private func handleReply(_ line: String) {
        if YtDlpHelper.isReadyLine(line) {
            state.withLock { $0.isReady = true }
            return
        }
        if let reply = try? JSONDecoder().decode(ForkServerReply.self, from: Data(line.utf8)), let id = reply.id,
           let verdict = reply.format != nil ? FormatVerdict.valid : reply.formatError.map(FormatVerdict.invalid) {
            finishCheck(id, verdict)
            return
        }
        guard let reply = try? JSONDecoder().decode(ForkServerReply.self, from: Data(line.utf8)),
              let id = reply.id,
              let child = state.withLock({ $0.children[id] })
        else {
            logger.debug("yt-dlp fork server: \(line)")
            return
        }
        if let processID = reply.pid {
            child.started(processID: processID)
        } else if let code = reply.exit {
            child.ended(.exited(.exited(code)))
        } else if let signal = reply.signal {
            child.ended(.exited(.signaled(signal)))
        } else if let error = reply.error {
            child.ended(.rejected(error))
        }
    }
}

/// A reply line of the fork server.
private struct ForkServerReply: Decodable {
    var id: String?
    var format: String?
    var formatError: String?
    var pid: Int32?
    var exit: Int32?
    var signal: Int32?
    var error: String?
}

extension ForkedChild.End {
    /// Whether members of the child's process group may still be running (it was cancelled or
    /// killed, or its end is unknown), so the group must be swept.
    var leavesMembersBehind: Bool {
        if case .exited(let status) = self { ChildProcess.needsSweep(status) } else { true }
    }
}
