import ArgumentParser

/// `spool processing …`: the profiles of the PROCESSING stage (transcode and compress after the download).
struct ProcessingCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "processing",
        abstract: "Processing profiles: list, show, set and remove the profiles jobs are transcoded with.",
        discussion: """
            Spool ships one profile per quality and codec (480p-h264 … 2160p-av1); `set` edits one or
            adds your own, `rm` removes yours or restores a shipped one. Jobs name a profile with
            `spool add --process NAME`, sources through their download profile.
            Examples:
              spool processing ls
              spool processing show 720p-hevc
              spool processing set phone --quality 480p --codec h264 --preset veryfast --target-size 50 --replace-original
              spool processing set 720p-hevc --preset slow --gpu
              spool processing rm phone
            """,
        subcommands: [ProcessingList.self, ProcessingShow.self, ProcessingSet.self, ProcessingRemove.self]
    )
}
