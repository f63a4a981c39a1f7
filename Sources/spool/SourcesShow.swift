import ArgumentParser
import Foundation
import SpoolAPIModels
import SpoolApp
import SpoolCore

/// `spool sources show ID`: a source's settings, progress and newest items.
struct SourcesShow: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show a source's settings, status, progress and newest items with their phase and reason.",
        discussion: """
            Examples:
              spool sources show 1
              spool sources show News --items 50
              spool sources show 1 --phase failed,filtered --json
            """,
        aliases: ["info"]
    )

    @OptionGroup var connection: ConnectionOptions

    @Argument(help: ArgumentHelp("Source id or name.", valueName: "id"))
    var id: String

    @Option(help: "How many of the newest items to list (at most 500).")
    var items: Int = 20

    @Option(help: ArgumentHelp(
        "Only items in these phases, comma separated: listed, seen, filtered, duplicate, deferred, queued, downloaded, failed, removed, deleted.",
        valueName: "phases"))
    var phase: String?

    @Flag(help: "Print JSON: {source, items, counts} as the API gives them.")
    var json = false

    func validate() throws {
        guard (0...500).contains(items) else { throw ValidationError("--items must be between 0 and 500") }
        _ = try phases()
    }

    func run() async throws {
        try await connection.withClient { client in
            let sourceID = try await client.resolveSourceID(id)
            let source = try await client.source(sourceID)
            var listing = try await client.sourceItems(sourceID, phases: try phases(), limit: max(items, 1))
            listing.items = Array(listing.items.prefix(items))
            if json {
                try CommandOutput.printJSON(SourceDetail(source: source, items: listing.items, counts: listing.counts))
            } else {
                CommandOutput.print(SourceReport(source: source, items: listing).lines())
            }
        }
    }

    /// The `--phase` list.
    func phases() throws -> [SourceItemPhase] {
        guard let phase else { return [] }
        return try phase.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }.filter { !$0.isEmpty }.map { word in
            guard let value = SourceItemPhase(rawValue: word) else { throw ValidationError("unknown phase '\(word)' (see --help for the list)") }
            return value
        }
    }
}

/// The `--json` body of `spool sources show`.
private struct SourceDetail: Encodable {
    var source: SourceDTO
    var items: [SourceItemDTO]
    var counts: [String: Int]
}
