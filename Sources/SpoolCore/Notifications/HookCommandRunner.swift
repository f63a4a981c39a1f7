/// Runs the done-scripts and the `apprise` command: no shell, a timeout, the tail of the output.
public protocol HookCommandRunner: Sendable {
    /// Runs `executable` with `arguments` and `environment` added to Spool's own; kills it (and
    /// its process group) after `timeout`.
    func run(executable: String, arguments: [String], environment: [String: String], timeout: Duration) async -> HookCommandResult
}
