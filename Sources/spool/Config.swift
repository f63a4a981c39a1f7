import ArgumentParser
import SpoolApp

/// `spool config env|markdown`: prints the configuration reference.
struct Config: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print every environment variable with its default: as an .env file or as Markdown.",
        discussion: "`spool config env > .env` starts a configuration file; `spool config markdown` is docs/configuration.md."
    )

    /// The output format.
    enum Format: String, ExpressibleByArgument, CaseIterable {
        case env, markdown
    }

    @Argument(help: "env (an .env file with every default) or markdown.")
    var format: Format = .env

    func run() throws {
        print(format == .env ? ConfigurationReference.envFile() : ConfigurationReference.markdown(), terminator: "")
    }
}
