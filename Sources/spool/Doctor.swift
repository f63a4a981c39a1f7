import ArgumentParser
import Logging
import SpoolApp

/// `spool doctor`: checks yt-dlp, ffmpeg, ffprobe, disk space and the database.
struct Doctor: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Check tools, disk space and the database.")

    @OptionGroup var options: ServerOptions

    func run() async throws {
        let configuration = try options.configuration()
        let checks = await Administration.doctor(configuration, logger: Logger(label: "spool.doctor"))
        let width = checks.map(\.name.count).max() ?? 0
        for check in checks {
            let name = check.name.padding(toLength: width, withPad: " ", startingAt: 0)
            print("\(check.ok ? "ok  " : "FAIL")  \(name)  \(check.detail)")
        }
        if checks.contains(where: { !$0.ok }) { throw ExitCode(1) }
    }
}
