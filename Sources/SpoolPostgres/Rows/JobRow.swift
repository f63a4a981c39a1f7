import Foundation
import PostgresNIO
import SpoolCore

/// How a ``Job`` maps to a row of `jobs`: every field in its own column (so lists filter and
/// sort on indexes), options and artifacts as JSON text, plus derived columns for sorting
/// (`title_key`) and searching (`search_text`). Dates are unix seconds in `double precision`, so
/// what a write returns equals what a later read returns.
enum JobRow {
    /// The columns a ``Job`` is read from, for `SELECT`.
    static let selection = """
        id, state, paused_from, options, title, progress_stage, progress_percent, progress_downloaded_bytes, \
        progress_total_bytes, progress_speed, progress_eta, attempts, failure_code, failure_message, failure_stage, \
        output_path, finished_stages, artifacts, queue_position, created_at, updated_at, started_at, finished_at
        """

    /// Column names and bound values of every stored column except `id`.
    static func values(of job: Job) throws -> (columns: [String], bindings: PostgresBindings) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        var columns: [String] = []
        var bindings = PostgresBindings(capacity: 28)
        func add<Value: PostgresThrowingDynamicTypeEncodable>(_ column: String, _ value: Value?) throws {
            columns.append(column)
            try bindings.append(value)
        }
        try add("url", job.options.url)
        try add("state", job.state.rawValue)
        try add("paused_from", job.pausedFrom?.rawValue)
        try add("priority", job.options.priority.rank)
        try add("tags", job.options.tags)
        try add("options", String(decoding: try encoder.encode(job.options), as: UTF8.self))
        try add("title", job.title)
        try add("title_key", (job.title ?? job.options.url).lowercased())
        try add("search_text", searchText(for: job))
        try add("progress_stage", job.progress.stage?.rawValue)
        try add("progress_percent", job.progress.percent)
        try add("progress_downloaded_bytes", job.progress.downloadedBytes)
        try add("progress_total_bytes", job.progress.totalBytes)
        try add("progress_speed", job.progress.speed)
        try add("progress_eta", job.progress.eta)
        try add("attempts", job.attempts)
        try add("failure_code", job.failure?.code)
        try add("failure_message", job.failure?.message)
        try add("failure_stage", job.failure?.stage?.rawValue)
        try add("output_path", job.outputPath)
        try add("finished_stages", job.finishedStages.map(\.rawValue).joined(separator: ","))
        try add("artifacts", String(decoding: try encoder.encode(job.artifacts), as: UTF8.self))
        try add("queue_position", job.queuePosition)
        try add("created_at", job.createdAt.timeIntervalSince1970)
        try add("updated_at", job.updatedAt.timeIntervalSince1970)
        try add("started_at", job.startedAt?.timeIntervalSince1970)
        try add("finished_at", job.finishedAt?.timeIntervalSince1970)
        return (columns, bindings)
    }

    /// `INSERT` of a new job.
    static func insert(_ job: Job) throws -> PostgresQuery {
        var (columns, bindings) = try values(of: job)
        columns.append("id")
        try bindings.append(job.id.rawValue)
        let placeholders = (1...columns.count).map { "$\($0)" }.joined(separator: ", ")
        return PostgresQuery(unsafeSQL: "INSERT INTO jobs (\(columns.joined(separator: ", "))) VALUES (\(placeholders))", binds: bindings)
    }

    /// `UPDATE` of every column of an existing job.
    static func update(_ job: Job) throws -> PostgresQuery {
        var (columns, bindings) = try values(of: job)
        let assignments = columns.enumerated().map { "\($1) = $\($0 + 1)" }.joined(separator: ", ")
        try bindings.append(job.id.rawValue)
        return PostgresQuery(unsafeSQL: "UPDATE jobs SET \(assignments) WHERE id = $\(columns.count + 1)", binds: bindings)
    }

    /// The lowercased text `search` filters match against.
    static func searchText(for job: Job) -> String {
        ([job.options.url, job.title ?? ""] + job.options.tags).joined(separator: "\n").lowercased()
    }

    /// Decodes a row selected with ``selection``.
    static func job(_ row: PostgresRow) throws -> Job {
        let row = row.makeRandomAccess()
        let id = try row["id"].decode(String.self)
        let decoder = JSONDecoder()
        let options: JobOptions
        do {
            options = try decoder.decode(JobOptions.self, from: Data(try row["options"].decode(String.self).utf8))
        } catch {
            throw CorruptRow(table: "jobs", reason: "job \(id) has unreadable options")
        }
        var job = Job(id: JobID(id), options: options)
        job.state = try parse(JobState.self, row, "state", id: id)
        job.pausedFrom = try parseOptional(JobState.self, row, "paused_from", id: id)
        job.title = try row["title"].decode(String?.self)
        job.progress = JobProgress(
            stage: try parseOptional(Stage.self, row, "progress_stage", id: id),
            percent: try row["progress_percent"].decode(Double?.self),
            downloadedBytes: try row["progress_downloaded_bytes"].decode(Int64?.self),
            totalBytes: try row["progress_total_bytes"].decode(Int64?.self),
            speed: try row["progress_speed"].decode(Double?.self),
            eta: try row["progress_eta"].decode(Double?.self)
        )
        job.attempts = try row["attempts"].decode(Int.self)
        if let code = try row["failure_code"].decode(String?.self) {
            job.failure = JobFailure(
                code: code,
                message: try row["failure_message"].decode(String?.self) ?? "",
                stage: try parseOptional(Stage.self, row, "failure_stage", id: id)
            )
        }
        job.outputPath = try row["output_path"].decode(String?.self)
        job.finishedStages = try row["finished_stages"].decode(String.self)
            .split(separator: ",")
            .map { name in
                guard let stage = Stage(rawValue: String(name)) else {
                    throw CorruptRow(table: "jobs", reason: "job \(id) has unknown finished stage '\(name)'")
                }
                return stage
            }
        do {
            job.artifacts = try decoder.decode([JobArtifact].self, from: Data(try row["artifacts"].decode(String.self).utf8))
        } catch {
            throw CorruptRow(table: "jobs", reason: "job \(id) has unreadable artifacts")
        }
        job.queuePosition = try row["queue_position"].decode(Int64.self)
        job.createdAt = Date(timeIntervalSince1970: try row["created_at"].decode(Double.self))
        job.updatedAt = Date(timeIntervalSince1970: try row["updated_at"].decode(Double.self))
        job.startedAt = try row["started_at"].decode(Double?.self).map(Date.init(timeIntervalSince1970:))
        job.finishedAt = try row["finished_at"].decode(Double?.self).map(Date.init(timeIntervalSince1970:))
        return job
    }

    private static func parse<Value: RawRepresentable<String>>(_ type: Value.Type, _ row: PostgresRandomAccessRow, _ column: String, id: String) throws -> Value {
        guard let value = try parseOptional(type, row, column, id: id) else {
            throw CorruptRow(table: "jobs", reason: "job \(id) has no \(column)")
        }
        return value
    }

    private static func parseOptional<Value: RawRepresentable<String>>(_ type: Value.Type, _ row: PostgresRandomAccessRow, _ column: String, id: String) throws -> Value? {
        guard let raw = try row[column].decode(String?.self) else { return nil }
        guard let value = Value(rawValue: raw) else {
            throw CorruptRow(table: "jobs", reason: "job \(id) has unknown \(column) '\(raw)'")
        }
        return value
    }
}

extension Job {
    /// The job as it reads back (dates rounded through unix seconds).
    var asStored: Job {
        var job = self
        job.createdAt = createdAt.asStored
        job.updatedAt = updatedAt.asStored
        job.startedAt = startedAt?.asStored
        job.finishedAt = finishedAt?.asStored
        return job
    }
}

extension Date {
    /// The date as it reads back from a `double precision` unix-seconds column.
    var asStored: Date { Date(timeIntervalSince1970: timeIntervalSince1970) }
}
