import ArgumentParser
import SpoolApp

@main
struct SpoolCommand: AsyncParsableCommand {
    func run() async throws {}
}
