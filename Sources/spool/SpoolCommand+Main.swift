import ArgumentParser
import SpoolApp
import SpoolCore
import SpoolMedia

extension SpoolCommand {
    /// Runs the command and maps failures to `spool: <message>` on stderr and a distinct exit code:
    /// 1 general, 2 usage, 3 auth, 4 not found, 5 server (see ``ClientError/Kind``).
    static func main() async {
        // `spool __guard …` supervises one tool for a server (see ChildGuard) and never returns.
        ChildGuard.runIfRequested(CommandLine.arguments)
        ChildGuard.install(executable: ChildGuard.ownExecutable)
        do {
            var command = try await asyncParseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            exit(reporting: error)
        }
    }

    /// Prints an error the way the CLI promises and exits with its code.
    static func exit(reporting error: any Error) -> Never {
        switch error {
        case let error as ClientError:
            Terminal.writeError("spool: \(error.message)\n")
            Self.exit(withError: ExitCode(error.exitCode))
        case let error as SpoolError:
            // The local administration commands (backup, restore, migrate, user …).
            Terminal.writeError("spool: \(error.message)\n")
            Self.exit(withError: ExitCode(error.code == .notFound ? 4 : 1))
        case is CancellationError:
            Self.exit(withError: ExitCode(130))
        default:
            let code = exitCode(for: error)
            if code == .success || error is ExitCode {
                // Help, version, or an explicit exit code: ArgumentParser prints what is needed.
                Self.exit(withError: error)
            }
            if code == .validationFailure {
                // Usage errors: ArgumentParser's "Error: …", usage and help hint, under our prefix.
                var text = fullMessage(for: error)
                if text.hasPrefix("Error: ") { text = "spool: " + text.dropFirst("Error: ".count) }
                Terminal.writeError(text + "\n")
                Self.exit(withError: ExitCode(2))
            }
            Terminal.writeError("spool: \(message(for: error))\n")
            Self.exit(withError: ExitCode(code == .success ? 1 : code.rawValue))
        }
    }
}
