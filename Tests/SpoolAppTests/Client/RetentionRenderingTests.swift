import Foundation
import SpoolAPIModels
import SpoolApp
import SpoolCore
import Testing

/// `spool retention`'s table.
@Suite("spool retention: output")
struct RetentionRenderingTests {
    static func report(applied: Bool) -> RetentionReportResponse {
        let old = RetentionDeletion(
            jobID: JobID("3f2c1a2b-0000-4000-8000-000000000001"), title: "Old lecture",
            paths: ["/srv/media/library/generic/Old lecture.mkv", "s3://media/library/Old lecture.info.json"], bytes: 50_577_818,
            reason: "beyond the newest 100"
        )
        let clip = RetentionDeletion(jobID: JobID("9e8d7c6b-0000-4000-8000-000000000002"), sourceID: 1, mediaID: "abc", reason: "older than 30 days")
        return RetentionReportResponse(RetentionReport(
            applied: applied,
            library: .init(sourceID: nil, name: "library", rules: Retention(keepNewest: 100), deletions: [old]),
            sources: [
                .init(sourceID: 1, name: "News", rules: Retention(maxAgeDays: 30, maxTotalSizeMB: 500), deletions: [clip], errors: ["'x' [y]: cannot delete"]),
                .init(sourceID: 2, name: "Quiet", rules: Retention(keepNewest: 5)),
            ]
        ))
    }

    @Test("the dry run: rules per scope, a row per job with its files, a total counting unknown sizes")
    func dryRun() {
        let lines = RetentionTable(report: Self.report(applied: false)).lines()
        #expect(lines.first == "Dry run: nothing was deleted. `spool retention --apply` deletes what is listed.")
        #expect(lines.contains("Library (keep the newest 100)"))
        #expect(lines.contains("  Job       Size      Title        Reason"))
        #expect(lines.contains("  3f2c1a2b  48.2 MiB  Old lecture  beyond the newest 100"))
        #expect(lines.contains("            /srv/media/library/generic/Old lecture.mkv"))
        #expect(lines.contains("            s3://media/library/Old lecture.info.json"))
        #expect(lines.contains("Source 1 'News' (delete after 30 days, at most 500 MB)"))
        #expect(lines.contains("  9e8d7c6b  unknown  abc    older than 30 days"))
        #expect(lines.contains("  error: 'x' [y]: cannot delete"))
        #expect(lines.contains("Source 2 'Quiet' (keep the newest 5)"))
        #expect(lines.contains("  nothing to delete"))
        #expect(lines.last == "Would delete 2 jobs, 48.2 MiB (1 of unknown size).")
    }

    @Test("after --apply the same table says what was deleted; a narrow terminal cuts the reasons")
    func applied() {
        let lines = RetentionTable(report: Self.report(applied: true), width: 50).lines()
        #expect(lines.first == "Retention applied.")
        #expect(lines.contains("  nothing deleted"))
        #expect(lines.last == "Deleted 2 jobs, 48.2 MiB (1 of unknown size).")
        #expect(lines.contains { $0.hasPrefix("  3f2c1a2b  48.2 MiB  Old lecture  ") && $0.count == 50 })
        #expect(RetentionTable.describe(RetentionDTO(Retention())) == "keep everything")
    }
}
