import Foundation

/// How a ``Job`` maps to a row of `jobs` in every database backend: each field in its own
/// column (so lists filter and sort on indexes), options, artifacts and the processing report as
/// JSON text, plus
/// derived write-only columns for sorting (`title_key`), searching (`search_text`) and tag
/// filters (`tags`). Dates are unix seconds, so what a write returns equals what a later read
/// returns (see ``Job/asStored``).
public enum JobColumns {
    /// The table.
    public static let table = "jobs"

    /// The columns a ``Job`` is read from, in `SELECT` order.
    public static let selection = [
        "id", "state", "paused_from", "options", "title", "progress_stage", "progress_percent",
        "progress_downloaded_bytes", "progress_total_bytes", "progress_speed", "progress_eta", "progress_fps",
        "progress_speed_factor", "attempts", "failure_code", "failure_message", "failure_stage", "output_path",
        "finished_stages", "artifacts", "processing_report", "queue_position", "created_at", "updated_at",
        "started_at", "finished_at", "number", "owner_id",
    ]

    /// The column holding ``Job/number``: written once, by the insert (``values(of:)`` leaves it out).
    public static let numberColumn = "number"

    /// Every stored column except `id`, with the job's value for it.
    public static func values(of job: Job) throws -> [(column: String, value: ColumnValue)] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return [
            ("url", .text(job.options.url)),
            ("state", .text(job.state.rawValue)),
            ("paused_from", .text(job.pausedFrom?.rawValue)),
            ("priority", .integer(Int64(job.options.priority.rank))),
            ("tags", .textList(job.options.tags)),
            ("options", .text(String(decoding: try encoder.encode(job.options), as: UTF8.self))),
            ("title", .text(job.title)),
            ("title_key", .text((job.title ?? job.options.url).lowercased())),
            ("search_text", .text(searchText(for: job))),
            ("progress_stage", .text(job.progress.stage?.rawValue)),
            ("progress_percent", .real(job.progress.percent)),
            ("progress_downloaded_bytes", .integer(job.progress.downloadedBytes)),
            ("progress_total_bytes", .integer(job.progress.totalBytes)),
            ("progress_speed", .real(job.progress.speed)),
            ("progress_eta", .real(job.progress.eta)),
            ("progress_fps", .real(job.progress.fps)),
            ("progress_speed_factor", .real(job.progress.speedFactor)),
            ("attempts", .integer(Int64(job.attempts))),
            ("failure_code", .text(job.failure?.code)),
            ("failure_message", .text(job.failure?.message)),
            ("failure_stage", .text(job.failure?.stage?.rawValue)),
            ("output_path", .text(job.outputPath)),
            ("finished_stages", .text(job.finishedStages.map(\.rawValue).joined(separator: ","))),
            ("artifacts", .text(String(decoding: try encoder.encode(job.artifacts), as: UTF8.self))),
            ("processing_report", .text(try job.processingReport.map { String(decoding: try encoder.encode($0), as: UTF8.self) })),
            ("queue_position", .integer(job.queuePosition)),
            ("created_at", .real(job.createdAt.timeIntervalSince1970)),
            ("updated_at", .real(job.updatedAt.timeIntervalSince1970)),
            ("started_at", .real(job.startedAt?.timeIntervalSince1970)),
            ("finished_at", .real(job.finishedAt?.timeIntervalSince1970)),
            ("owner_id", .integer(job.ownerID)),
        ]
    }

    /// The lowercased text `search` filters match against: url, title and tags.
    public static func searchText(for job: Job) -> String {
        ([job.options.url, job.title ?? ""] + job.options.tags).joined(separator: "\n").lowercased()
    }

    /// Decodes a row that has the ``selection`` columns.
    ///
    /// - Throws: ``CorruptRow`` for unknown enum values, unreadable JSON or missing values.
    public static func job(from row: some ColumnReader) throws -> Job {
        let id = try row.required(row.text("id"), "id", table: table, row: "a job")
        let name = "job \(id)"
        let decoder = JSONDecoder()
        let options: JobOptions
        do {
            options = try decoder.decode(JobOptions.self, from: Data(try row.required(row.text("options"), "options", table: table, row: name).utf8))
        } catch {
            throw CorruptRow(table: table, reason: "\(name) has unreadable options")
        }
        var job = Job(id: JobID(id), options: options)
        job.state = try row.required(row.parse(JobState.self, "state", table: table, row: name), "state", table: table, row: name)
        job.pausedFrom = try row.parse(JobState.self, "paused_from", table: table, row: name)
        job.title = try row.text("title")
        job.progress = JobProgress(
            stage: try row.parse(Stage.self, "progress_stage", table: table, row: name),
            percent: try row.real("progress_percent"),
            downloadedBytes: try row.integer("progress_downloaded_bytes"),
            totalBytes: try row.integer("progress_total_bytes"),
            speed: try row.real("progress_speed"),
            eta: try row.real("progress_eta"),
            fps: try row.real("progress_fps"),
            speedFactor: try row.real("progress_speed_factor")
        )
        job.attempts = Int(try row.required(row.integer("attempts"), "attempts", table: table, row: name))
        if let code = try row.text("failure_code") {
            job.failure = JobFailure(
                code: code,
                message: try row.text("failure_message") ?? "",
                stage: try row.parse(Stage.self, "failure_stage", table: table, row: name)
            )
        }
        job.outputPath = try row.text("output_path")
        job.finishedStages = try row.required(row.text("finished_stages"), "finished_stages", table: table, row: name)
            .split(separator: ",")
            .map { stage in
                guard let stage = Stage(rawValue: String(stage)) else {
                    throw CorruptRow(table: table, reason: "\(name) has unknown finished stage '\(stage)'")
                }
                return stage
            }
        do {
            job.artifacts = try decoder.decode([JobArtifact].self, from: Data(try row.required(row.text("artifacts"), "artifacts", table: table, row: name).utf8))
        } catch {
            throw CorruptRow(table: table, reason: "\(name) has unreadable artifacts")
        }
        if let report = try row.text("processing_report") {
            do {
                job.processingReport = try decoder.decode(ProcessingReport.self, from: Data(report.utf8))
            } catch {
                throw CorruptRow(table: table, reason: "\(name) has an unreadable processing report")
            }
        }
        job.queuePosition = try row.required(row.integer("queue_position"), "queue_position", table: table, row: name)
        job.createdAt = Date(timeIntervalSince1970: try row.required(row.real("created_at"), "created_at", table: table, row: name))
        job.updatedAt = Date(timeIntervalSince1970: try row.required(row.real("updated_at"), "updated_at", table: table, row: name))
        job.startedAt = try row.real("started_at").map(Date.init(timeIntervalSince1970:))
        job.finishedAt = try row.real("finished_at").map(Date.init(timeIntervalSince1970:))
        job.number = try row.integer(numberColumn)
        job.ownerID = try row.integer("owner_id")
        return job
    }
}
