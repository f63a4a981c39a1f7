extension YtDlp {
    /// How a download's yt-dlp process starts.
    public enum StartMode: String, Sendable, Hashable, CaseIterable {
        /// A fork server imports yt_dlp once and forks a child per download (the default): a download
        /// costs a fork. Falls back to ``spare`` when the server cannot start.
        case fork
        /// One spare helper waits with yt_dlp imported; a download takes it and a new one starts once
        /// that download is under way. Falls back to ``cold`` when the helper cannot start.
        case spare
        /// Every download starts a plain `yt-dlp` process.
        case cold
    }

    /// How Spool runs yt-dlp.
    public struct Configuration: Sendable, Hashable {
        /// The `yt-dlp` program: a name searched on PATH, or a path.
        public var executable: String
        /// The Python interpreter for the warm helper; nil reads it from the `yt-dlp` script's `#!` line.
        public var python: String?
        /// How downloads start: forked from a warm server, from a spare helper, or cold.
        public var start: StartMode
        /// How long the fork server may sit unused before it is stopped (it starts again on the next
        /// download or ``YtDlp/noteActivity()``); nil keeps it running.
        public var idleStop: Duration?
        /// How long yt-dlp gets after SIGTERM before its process group is killed.
        public var killGrace: Duration
        /// Options added to every run, after Spool's own and before the request's.
        public var extraArguments: [String]
        /// Path of `ytdlp_helper.py`; nil uses the copy in SpoolMedia's resource bundle.
        public var helperScript: String?

        /// Whether the warm start begins with the server. The spare helper does; so does a fork
        /// server that is never stopped for being idle. One that is (the default) starts on first
        /// use instead: a web UI or live-events connection, or a download that needs yt-dlp. Until
        /// then the server's process tree is the server alone, and a queue of plain media files (which
        /// Spool fetches itself) never starts it.
        public var startsWithServer: Bool {
            start == .spare || (start == .fork && idleStop == nil)
        }

        /// Creates a configuration with Spool's defaults.
        public init(
            executable: String = "yt-dlp",
            python: String? = nil,
            start: StartMode = .fork,
            idleStop: Duration? = nil,
            killGrace: Duration = .seconds(3),
            extraArguments: [String] = [],
            helperScript: String? = nil
        ) {
            self.executable = executable
            self.python = python
            self.start = start
            self.idleStop = idleStop
            self.killGrace = killGrace
            self.extraArguments = extraArguments
            self.helperScript = helperScript
        }
    }

    /// How downloads were started, for tests and diagnostics.
    public struct Statistics: Sendable, Hashable {
        /// Downloads served by a helper that was started before they were requested.
        public var prestartedHelper = 0
        /// Downloads that had to start a helper themselves (none was waiting).
        public var onDemandHelper = 0
        /// Downloads run as a plain `yt-dlp` process (warm start off or unavailable).
        public var plainProcess = 0
        /// Downloads run in a child forked by the fork server.
        public var forked = 0
        /// Fork servers started (the first, and one after each that went away or was stopped idle).
        public var forkServersStarted = 0
        /// Fork servers stopped for being idle.
        public var idleStops = 0
        /// Runs other than downloads (listings) forked from the fork server.
        public var forkedListings = 0
        /// Runs other than downloads (listings) run as a plain `yt-dlp` process.
        public var plainListings = 0
        /// Format expressions parsed by the running fork server.
        public var warmFormatChecks = 0
        /// Format expressions parsed by a short-lived helper process (no fork server was ready).
        public var coldFormatChecks = 0

        /// Creates zeroed counters.
        public init() {}
    }
}
