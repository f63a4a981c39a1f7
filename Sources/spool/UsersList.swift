import ArgumentParser
import SpoolApp

/// `spool users ls`.
struct UsersList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "ls", abstract: "List users.", aliases: ["list"])

    @OptionGroup var connection: ConnectionOptions

    @Flag(help: "Print the API's JSON.")
    var json = false

    func run() async throws {
        try await connection.withClient { client in
            if json {
                CommandOutput.printJSON(try await client.rawJSON("/api/users"))
                return
            }
            let rows = try await client.users().map { user in
                [String(user.id), user.username, user.role.rawValue, user.disabled ? "disabled" : "enabled", HumanFormat.date(user.createdAt)]
            }
            CommandOutput.print(WebhooksTable.lines(titles: ["ID", "Name", "Role", "State", "Created"], rows: rows))
        }
    }
}
