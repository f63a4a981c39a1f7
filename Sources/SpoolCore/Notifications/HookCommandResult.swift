/// How a hook command ended.
public struct HookCommandResult: Sendable, Hashable {
    /// The exit code, when it exited by itself.
    public var exitCode: Int32?
    /// Whether it was killed at the timeout.
    public var timedOut: Bool
    /// Why it could not start, if it could not.
    public var launchError: String?
    /// The last lines it printed (stderr, else stdout).
    public var outputTail: String

    /// Creates a result.
    public init(exitCode: Int32?, timedOut: Bool = false, launchError: String? = nil, outputTail: String = "") {
        self.exitCode = exitCode
        self.timedOut = timedOut
        self.launchError = launchError
        self.outputTail = outputTail
    }

    /// Exited with 0.
    public var succeeded: Bool { exitCode == 0 && !timedOut && launchError == nil }

    /// `exit status 3: <tail>`, `killed after 60 s`, `cannot start: …`.
    public var summary: String {
        if let launchError { return "cannot start: \(launchError)" }
        if timedOut { return "killed at the timeout" }
        let tail = outputTail.isEmpty ? "" : ": \(outputTail.suffix(500))"
        return exitCode.map { "exit status \($0)\(tail)" } ?? "ended by a signal\(tail)"
    }
}
