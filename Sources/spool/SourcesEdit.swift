import ArgumentParser
import SpoolAPIModels
import SpoolApp
import SpoolCore

/// `spool sources edit ID`: changes a source's name, schedule, state or retention.
struct SourcesEdit: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "edit",
        abstract: "Change a source's name, schedule, enabled state or retention; options left out stay.",
        discussion: """
            A retention limit takes a number, or `none` to clear it.
            Examples:
              spool sources edit News --keep-newest 10 --max-total-size-mb 5000
              spool sources edit 1 --max-age-days none --disable
            """
    )

    @OptionGroup var connection: ConnectionOptions

    @Argument(help: ArgumentHelp("Source id or name.", valueName: "id"))
    var id: String

    @Option(help: ArgumentHelp("New display name.", valueName: "name"))
    var name: String?

    @Option(help: ArgumentHelp("'every 6h', '30m', '1d' or 'daily HH:MM' (UTC).", valueName: "schedule"))
    var schedule: String?

    @Flag(help: "Check the source on its schedule (--enable) or not (--disable).")
    var state: SwitchChoice?

    @Option(name: .customLong("keep-newest"), help: ArgumentHelp("Delete all but the newest N downloads (none: no limit).", valueName: "N|none"))
    var keepNewest: String?

    @Option(name: .customLong("max-age-days"), help: ArgumentHelp("Delete downloads older than D days (none: no limit).", valueName: "D|none"))
    var maxAgeDays: String?

    @Option(
        name: .customLong("max-total-size-mb"),
        help: ArgumentHelp("Keep the newest downloads while they take at most M megabytes (none: no limit).", valueName: "M|none")
    )
    var maxTotalSizeMB: String?

    @Flag(help: "Print the API's JSON (the changed source).")
    var json = false

    func validate() throws {
        _ = try request()
    }

    func run() async throws {
        let request = try request()
        try await connection.withClient { client in
            let sourceID = try await client.resolveSourceID(id)
            let source = try await client.updateSource(sourceID, request)
            if json {
                try CommandOutput.printJSON(source)
            } else {
                CommandOutput.print(["Source \(source.id) '\(source.name)' changed (retention: \(RetentionTable.describe(source.retention)))"])
            }
        }
    }

    /// The API body the options describe; throws `ValidationError` for a value the API would refuse.
    func request() throws -> PatchSourceRequest {
        var request = PatchSourceRequest(name: name, enabled: state.map { $0 == .enable })
        if let schedule {
            guard let value = CheckSchedule(text: schedule) else {
                throw ValidationError("--schedule must be 'every <N>m|h|d' (at least 5 minutes), '<N>m|h|d' or 'daily HH:MM'")
            }
            request.schedule = value
        }
        let retention = RetentionChange(
            keepNewest: try Self.limit(keepNewest, option: "--keep-newest"),
            maxAgeDays: try Self.limit(maxAgeDays, option: "--max-age-days"),
            maxTotalSizeMB: try Self.limit(maxTotalSizeMB, option: "--max-total-size-mb")
        )
        request.retention = retention.isEmpty ? nil : retention
        guard request != PatchSourceRequest() else { throw ValidationError("give at least one setting to change") }
        return request
    }

    /// A retention limit: absent (nil), `none` (clear it), or a whole number of at least 1.
    static func limit(_ text: String?, option: String) throws -> Int?? {
        guard let text else { return nil }
        if text.lowercased() == "none" { return .some(nil) }
        guard let value = Int(text), value >= 1 else { throw ValidationError("\(option) takes a whole number of at least 1, or none") }
        return .some(value)
    }
}
