import SpoolCore
import SpoolMedia
import SpoolWorker
import Testing

@Suite("Politeness of source downloads")
struct DownloadSleepTests {
    @Test("a source's video waits a random 5–10 s before downloading; a one-off job never waits")
    func politeSleep() throws {
        var options = JobOptions(url: "https://e.com/v", outputTemplate: OutputLayout.archive.template(sourceName: "Demo"))
        options.archive = ArchiveFiles(showName: "Demo")
        var job = Job(options: options, now: .now)
        let builder = DownloadRequestBuilder(sourceDownloadSleep: 5...10)
        let polite = try YtDlpArguments.make(for: builder.request(for: job, workDirectory: "/media/tmp/j"))
        let index = try #require(polite.firstIndex(of: "--sleep-interval"))
        #expect(Array(polite[index...].prefix(4)) == ["--sleep-interval", "5", "--max-sleep-interval", "10"])
        job.options.archive = nil
        let oneOff = try YtDlpArguments.make(for: builder.request(for: job, workDirectory: "/media/tmp/j"))
        #expect(!oneOff.contains("--sleep-interval"))
    }
}
