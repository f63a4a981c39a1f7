import ArgumentParser
import Logging
import SpoolApp

/// `spool doctor`: checks yt-dlp, ffmpeg, ffprobe, the hardware encoders, disk space and the
/// database. A hardware encoder that does not work is reported (`--  `) but does not fail it.
struct Doctor: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Check tools, hardware encoders, disk space and the database.")

    @OptionGroup var options: ServerOptions

    func run() async throws {
        let configuration = try options.configuration()
        let checks = await Administration.doctor(configuration, logger: Logger(label: "spool.doctor"))
        let width = checks.map(\.name.count).max() ?? 0
        for check in checks {
            let name = check.name.padding(toLength: width, withPad: " ", startingAt: 0)
            print("\(check.ok ? "ok  " : check.optional ? "--  " : "FAIL")  \(name)  \(check.detail)")
        }
        if checks.contains(where: { !$0.ok && !$0.optional }) { throw ExitCode(1) }
    }
}
