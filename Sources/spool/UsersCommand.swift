import ArgumentParser

/// `spool users …`: user management over the API (admins).
struct UsersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "users",
        abstract: "List, add, change and remove users through the server (admins).",
        discussion: """
            Passwords are read from standard input. Disabling a user or setting its password ends
            its sessions and tokens at once; the last enabled admin cannot be demoted, disabled or
            removed. (`spool user add` works on the local database without a server.)

            Examples:
              spool users ls
              echo 'a long password' | spool users add carol --role viewer
              spool users set-role carol user
              spool users disable carol
              echo 'another password' | spool users passwd carol
              spool users rm carol
            """,
        subcommands: [UsersList.self, UsersAdd.self, UsersSetRole.self, UsersDisable.self, UsersEnable.self, UsersPasswd.self, UsersRemove.self]
    )
}
