import Foundation
import SpoolCore
import Subprocess

/// Runs the notification hooks (done-scripts, `apprise`) as SpoolCore's ``HookCommandRunner``:
/// the executable itself with its arguments, never through a shell, with the given variables added
/// to Spool's environment, in its own process group that gets SIGTERM at the timeout and SIGKILL
/// five seconds later.
public struct ProcessHookRunner: HookCommandRunner {
    /// The kill grace after SIGTERM.
    let killGrace: Duration

    /// Creates a runner.
    public init(killGrace: Duration = .seconds(5)) {
        self.killGrace = killGrace
    }

    /// Runs `executable` (a path, or a name looked up on PATH) until it exits or `timeout` passes.
    public func run(executable: String, arguments: [String], environment: [String: String], timeout: Duration) async -> HookCommandResult {
        guard let path = ExecutableLocator.locate(executable) else {
            return HookCommandResult(exitCode: nil, launchError: "'\(executable)' was not found or is not executable")
        }
        _ = ChildProcess.ignoreBrokenPipe
        var updates: [Environment.Key: String?] = [:]
        for (name, value) in environment {
            if let key = Environment.Key(rawValue: name) { updates[key] = value }
        }
        let variables = Environment.inherit.updating(updates)
        let options = ChildProcess.platformOptions(killGrace: killGrace)
        return await withTaskGroup(of: Ending.self) { group in
            group.addTask {
                do {
                    let result = try await Subprocess.run(
                        ChildProcess.executable(path), arguments: Arguments(arguments), environment: variables, platformOptions: options,
                        output: .string(limit: 1 << 16), error: .string(limit: 1 << 16)
                    )
                    let errors = OutputTail(result.standardError, limit: 600).text
                    let tail = errors.isEmpty ? OutputTail(result.standardOutput, limit: 600).text : errors
                    if case .exited(let code) = result.terminationStatus {
                        return .finished(HookCommandResult(exitCode: code, outputTail: tail))
                    }
                    return .finished(HookCommandResult(exitCode: nil, outputTail: tail))
                } catch {
                    return .finished(HookCommandResult(exitCode: nil, launchError: "\(error)"))
                }
            }
            group.addTask {
                try? await Task.sleep(for: timeout)
                return .timeout
            }
            let first = await group.next() ?? .timeout
            // Cancelling the run tears its process group down (SIGTERM, then SIGKILL).
            group.cancelAll()
            if case .finished(let result) = first { return result }
            var tail = ""
            while let next = await group.next() {
                if case .finished(let result) = next { tail = result.outputTail }
            }
            return HookCommandResult(exitCode: nil, timedOut: true, outputTail: tail)
        }
    }
}

/// How a hook run ended first: by itself, or at the timeout.
private enum Ending: Sendable {
    case finished(HookCommandResult)
    case timeout
}
