import ArgumentParser

/// `spool token …`: API tokens for scripts and other machines.
struct Token: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Create, list and revoke API tokens.",
        discussion: """
            Examples:
              spool token create backup-script
              spool token ls
              spool token revoke 7KQ2
            """,
        subcommands: [TokenCreate.self, TokenList.self, TokenRevoke.self]
    )
}
