import ArgumentParser
import Logging
import SpoolApp

/// `spool migrate`: creates or upgrades the database.
struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Create or upgrade the database.")

    @OptionGroup var options: ServerOptions

    func run() async throws {
        let configuration = try options.configuration()
        let applied = try await Administration.migrate(configuration, logger: Logger(label: "spool.migrate"))
        print("\(configuration.storage.databasePath): \(applied.count) migrations applied (\(applied.joined(separator: ", ")))")
    }
}
