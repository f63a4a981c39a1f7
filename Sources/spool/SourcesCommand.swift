import ArgumentParser

/// `spool sources …`: followed channels, playlists and feeds whose new videos download by themselves.
struct SourcesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sources",
        abstract: "Follow channels, playlists and feeds: add, list, show, edit, sync and remove sources.",
        discussion: """
            A source is checked on its schedule; new videos that pass its filters become download jobs.
            Sources are named by id or by name, as `spool sources ls` shows them.
            Examples:
              spool sources add https://www.youtube.com/@news --backlog newest:5 --preview
              spool sources add https://example.com/feed.xml --name Podcast --schedule "every 2h"
              spool sources ls
              spool sources show 1
              spool sources edit 1 --keep-newest 10 --max-total-size-mb 5000
              spool sources sync 1 --full
              spool sources rm 1 --delete-files
            """,
        subcommands: [SourcesAdd.self, SourcesList.self, SourcesShow.self, SourcesEdit.self, SourcesSync.self, SourcesRemove.self],
        aliases: ["source"]
    )
}
