extension YtDlp {
    /// How Spool runs yt-dlp.
    public struct Configuration: Sendable, Hashable {
        /// The `yt-dlp` program: a name searched on PATH, or a path.
        public var executable: String
        /// The Python interpreter for the warm helper; nil reads it from the `yt-dlp` script's `#!` line.
        public var python: String?
        /// Keep one pre-started helper that has already imported yt_dlp, so a job starts at once.
        public var warm: Bool
        /// How long yt-dlp gets after SIGTERM before its process group is killed.
        public var killGrace: Duration
        /// Options added to every run, after Spool's own and before the request's.
        public var extraArguments: [String]
        /// Path of `ytdlp_helper.py`; nil uses the copy in SpoolMedia's resource bundle.
        public var helperScript: String?

        /// Creates a configuration with Spool's defaults.
        public init(
            executable: String = "yt-dlp",
            python: String? = nil,
            warm: Bool = true,
            killGrace: Duration = .seconds(3),
            extraArguments: [String] = [],
            helperScript: String? = nil
        ) {
            self.executable = executable
            self.python = python
            self.warm = warm
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

        /// Creates zeroed counters.
        public init() {}
    }
}
