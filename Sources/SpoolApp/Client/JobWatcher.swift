import SpoolAPIModels
import SpoolCore

/// `spool watch`: follows jobs over the event stream and draws their progress.
///
/// On a terminal the progress lines are redrawn in place (ANSI) with state changes and errors
/// scrolling above them; otherwise plain lines are printed (state changes, errors, and progress
/// at most once a second per job). The stream is opened before the jobs are read, so no event
/// between the snapshot and the stream is lost.
public struct JobWatcher: Sendable {
    /// How to watch.
    public struct Options: Sendable {
        /// Keep going after every job is done (and, when watching everything, follow new jobs).
        public var follow: Bool
        /// Redraw in place with ANSI escapes (stdout is a terminal).
        public var interactive: Bool
        /// Draw bars with Unicode blocks.
        public var unicode: Bool
        /// Also print info-level log lines (warnings and errors are always printed).
        public var showLogs: Bool
        /// Shortest time between two redraws on a terminal.
        public var redrawInterval: Duration
        /// Shortest time between two plain progress lines of one job.
        public var plainInterval: Duration

        /// Creates options.
        public init(follow: Bool = false, interactive: Bool, unicode: Bool = true, showLogs: Bool = false,
                    redrawInterval: Duration = .milliseconds(100), plainInterval: Duration = .seconds(1)) {
            self.follow = follow
            self.interactive = interactive
            self.unicode = unicode
            self.showLogs = showLogs
            self.redrawInterval = redrawInterval
            self.plainInterval = plainInterval
        }
    }

    /// What the watched jobs ended as.
    public struct Outcome: Sendable {
        /// The last view of every watched job.
        public var jobs: [JobDTO]
        /// Those that ended `FAILED`.
        public var failed: [JobDTO]
    }

    let client: SpoolClient
    let options: Options
    let width: @Sendable () -> Int?
    let write: @Sendable (String) -> Void

    /// Creates a watcher.
    ///
    /// - Parameters:
    ///   - client: The API client.
    ///   - options: How to watch.
    ///   - width: The terminal width now (asked on every redraw), or nil.
    ///   - write: Writes text to the output, unbuffered.
    public init(client: SpoolClient, options: Options, width: @escaping @Sendable () -> Int? = { nil }, write: @escaping @Sendable (String) -> Void) {
        self.client = client
        self.options = options
        self.width = width
        self.write = write
    }

    /// Watches the given jobs (full ids), or every unfinished job when `jobIDs` is nil.
    ///
    /// - Returns: When every watched job is done (never with ``Options-swift.struct/follow``); with no
    ///   ids and no unfinished job, at once with an empty outcome.
    /// - Throws: ``ClientError`` when the server cannot be reached or the stream cannot be resumed.
    public func run(jobIDs: [String]?) async throws -> Outcome {
        var events = client.events(jobIDs: jobIDs).makeAsyncIterator()
        try await events.connect()
        var board = ProgressBoard()
        events.resume(after: try await snapshot(jobIDs, into: &board))
        var screen = Screen(options: options, width: width, write: write)
        if board.order.isEmpty, !options.follow { return Outcome(jobs: [], failed: []) }
        screen.draw(board, notes: [], force: true)
        var unknown: Set<String> = []
        while options.follow || !board.allFinished {
            guard let item = try await events.nextItem() else { break }
            guard case .event(let event) = item else {
                // Reconnected without a resume point: what happened meanwhile is read again.
                if case .reconnected(resumed: false) = item { events.resume(after: try await snapshot(jobIDs, into: &board)) }
                screen.draw(board, notes: [], force: true)
                continue
            }
            var notes: [String] = []
            if jobIDs == nil, let id = event.jobId?.rawValue, !board.contains(id), !unknown.contains(id), event.type != .jobRemoved {
                if let detail = try? await client.job(id) {
                    // The fresh snapshot already includes this event; applying it again could go back in time.
                    board.upsert(detail.job)
                    screen.draw(board, notes: [note(detail.job, "added")], force: true)
                } else {
                    unknown.insert(id)
                }
                continue
            }
            guard let id = event.jobId?.rawValue, board.contains(id) else { continue }
            switch event.type {
            case .stateChange:
                guard let change = board.apply(event) else { break }
                if change.to.isTerminal || change.to == .paused, let detail = try? await client.job(id) { board.upsert(detail.job) }
                notes.append(stateNote(board.jobs[id], change))
            case .error:
                notes.append(note(board.jobs[id], EventText.summary(event)))
            case .log:
                let level = event.payload["level"]?.stringValue.flatMap(LogLevel.init(rawValue:)) ?? .info
                if level >= .warning || (options.showLogs && level >= .info) { notes.append(note(board.jobs[id], EventText.summary(event))) }
            case .jobRemoved:
                board.apply(event)
                notes.append(note(board.jobs[id], "deleted"))
            default:
                board.apply(event)
            }
            screen.draw(board, notes: notes, force: !notes.isEmpty)
        }
        screen.draw(board, notes: [], force: true)
        return Outcome(jobs: board.order.compactMap { board.jobs[$0] }, failed: board.failedJobs)
    }

    /// Reads the watched jobs (or every unfinished one) into the board.
    ///
    /// - Returns: The highest durable event id the snapshot reflects, when known.
    private func snapshot(_ jobIDs: [String]?, into board: inout ProgressBoard) async throws -> Int64? {
        var latest: Int64?
        if let jobIDs {
            for id in jobIDs where board.jobs[id]?.status.isTerminal != true {
                let detail = try await client.job(id)
                board.upsert(detail.job)
                if let last = detail.events.map(\.id).max() { latest = Swift.max(latest ?? last, last) }
            }
        } else {
            let active = JobState.allCases.filter { !$0.isTerminal }
            let listed = try await client.listJobs(JobListQuery(statuses: active, limit: 500, sort: "queue")).jobs
            for job in listed { board.upsert(job) }
            // Jobs that finished since the last look are no longer listed: read them one by one.
            let listedIDs = Set(listed.map(\.id.rawValue))
            for id in board.order where !listedIDs.contains(id) && board.jobs[id]?.status.isTerminal == false {
                if let detail = try? await client.job(id) { board.upsert(detail.job) }
            }
        }
        return latest
    }

    /// `3f2a9c1e  text  (title)`.
    private func note(_ job: JobDTO?, _ text: String) -> String {
        guard let job else { return text }
        return "\(HumanFormat.shortID(job.id))  \(text)  \(job.displayName)"
    }

    /// A state change line; failures carry the reason, completions the file.
    private func stateNote(_ job: JobDTO?, _ change: (from: JobState?, to: JobState)) -> String {
        var text = "\(change.from?.rawValue ?? "?") → \(change.to.rawValue)"
        if change.to == .failed, let error = job?.error { text += "  \(error.code): \(error.message)" }
        if change.to == .complete, let path = job?.outputPath { text += "  " + path }
        return note(job, text)
    }
}

/// Output of a watch: in-place redraws on a terminal, plain lines otherwise.
private struct Screen {
    let options: JobWatcher.Options
    let width: @Sendable () -> Int?
    let write: @Sendable (String) -> Void
    private let clock = ContinuousClock()
    private var drawnLines = 0
    private var lastDraw: ContinuousClock.Instant?
    private var lastPlain: [String: ContinuousClock.Instant] = [:]
    private var lastPlainText: [String: String] = [:]

    init(options: JobWatcher.Options, width: @escaping @Sendable () -> Int?, write: @escaping @Sendable (String) -> Void) {
        self.options = options
        self.width = width
        self.write = write
    }

    mutating func draw(_ board: ProgressBoard, notes: [String], force: Bool) {
        let now = clock.now
        let stamp = HumanFormat.time(.now)
        if options.interactive {
            if !force, let lastDraw, now - lastDraw < options.redrawInterval { return }
            lastDraw = now
            let columns = width()
            var text = drawnLines > 0 ? "\u{1B}[\(drawnLines)A" : ""
            for note in notes {
                let line = stamp + "  " + note
                text += "\r\u{1B}[2K" + (columns.map { TextWidth.truncate(line, to: Swift.max(20, $0 - 1)) } ?? line) + "\n"
            }
            let lines = board.lines(width: columns, unicode: options.unicode)
            for line in lines { text += "\r\u{1B}[2K" + line + "\n" }
            text += "\u{1B}[J"
            drawnLines = lines.count
            write(text)
        } else {
            var text = notes.map { stamp + "  " + $0 + "\n" }.joined()
            for id in board.order {
                guard let job = board.jobs[id], job.status.isRunning else { continue }
                // Notes do not force progress lines out: those come at most once per interval per job.
                if let last = lastPlain[id], now - last < options.plainInterval { continue }
                let line = ProgressBoard.plainLine(job)
                guard line != lastPlainText[id] else { continue }
                lastPlain[id] = now
                lastPlainText[id] = line
                text += stamp + "  " + line + "\n"
            }
            if !text.isEmpty { write(text) }
        }
    }
}
