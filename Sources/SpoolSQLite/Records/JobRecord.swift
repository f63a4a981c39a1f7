import Foundation
import GRDB
import SpoolCore

/// A row of `jobs`: every ``Job`` field in its own column (so lists filter and sort on indexes),
/// the options as JSON, plus two derived columns for sorting and searching.
struct JobRecord: Sendable {
    /// The job.
    var job: Job

    /// Column names.
    enum Columns {
        static let id = Column("id")
        static let url = Column("url")
        static let state = Column("state")
        static let pausedFrom = Column("paused_from")
        static let priority = Column("priority")
        static let tags = Column("tags")
        static let options = Column("options")
        static let title = Column("title")
        static let titleKey = Column("title_key")
        static let searchText = Column("search_text")
        static let progressStage = Column("progress_stage")
        static let progressPercent = Column("progress_percent")
        static let progressDownloadedBytes = Column("progress_downloaded_bytes")
        static let progressTotalBytes = Column("progress_total_bytes")
        static let progressSpeed = Column("progress_speed")
        static let progressETA = Column("progress_eta")
        static let attempts = Column("attempts")
        static let failureCode = Column("failure_code")
        static let failureMessage = Column("failure_message")
        static let failureStage = Column("failure_stage")
        static let outputPath = Column("output_path")
        static let finishedStages = Column("finished_stages")
        static let artifacts = Column("artifacts")
        static let queuePosition = Column("queue_position")
        static let createdAt = Column("created_at")
        static let updatedAt = Column("updated_at")
        static let startedAt = Column("started_at")
        static let finishedAt = Column("finished_at")

        /// Columns a ``Job`` is read from (the derived ones are write-only).
        static let decoded: [Column] = [
            id, state, pausedFrom, options, title, progressStage, progressPercent, progressDownloadedBytes,
            progressTotalBytes, progressSpeed, progressETA, attempts, failureCode, failureMessage, failureStage,
            outputPath, finishedStages, artifacts, queuePosition, createdAt, updatedAt, startedAt, finishedAt,
        ]
    }

    /// The lowercased text `search` filters match against.
    static func searchText(for job: Job) -> String {
        ([job.options.url, job.title ?? ""] + job.options.tags).joined(separator: "\n").lowercased()
    }
}

extension JobRecord: FetchableRecord, PersistableRecord {
    static let databaseTableName = "jobs"

    static var databaseSelection: [any SQLSelectable] { Columns.decoded }

    init(row: Row) throws {
        let id = try row.decode(String.self, forColumn: "id")
        let optionsText = try row.decode(String.self, forColumn: "options")
        let options: JobOptions
        do {
            options = try JSONDecoder().decode(JobOptions.self, from: Data(optionsText.utf8))
        } catch {
            throw CorruptRow(table: "jobs", reason: "job \(id) has unreadable options")
        }
        var job = Job(id: JobID(id), options: options)
        job.state = try Self.parse(JobState.self, row, "state", id: id)
        job.pausedFrom = try Self.parseOptional(JobState.self, row, "paused_from", id: id)
        job.title = try row.decode(String?.self, forColumn: "title")
        job.progress = JobProgress(
            stage: try Self.parseOptional(Stage.self, row, "progress_stage", id: id),
            percent: try row.decode(Double?.self, forColumn: "progress_percent"),
            downloadedBytes: try row.decode(Int64?.self, forColumn: "progress_downloaded_bytes"),
            totalBytes: try row.decode(Int64?.self, forColumn: "progress_total_bytes"),
            speed: try row.decode(Double?.self, forColumn: "progress_speed"),
            eta: try row.decode(Double?.self, forColumn: "progress_eta")
        )
        job.attempts = try row.decode(Int.self, forColumn: "attempts")
        if let code = try row.decode(String?.self, forColumn: "failure_code") {
            job.failure = JobFailure(
                code: code,
                message: try row.decode(String?.self, forColumn: "failure_message") ?? "",
                stage: try Self.parseOptional(Stage.self, row, "failure_stage", id: id)
            )
        }
        job.outputPath = try row.decode(String?.self, forColumn: "output_path")
        job.finishedStages = try row.decode(String.self, forColumn: "finished_stages")
            .split(separator: ",")
            .map { name in
                guard let stage = Stage(rawValue: String(name)) else {
                    throw CorruptRow(table: "jobs", reason: "job \(id) has unknown finished stage '\(name)'")
                }
                return stage
            }
        let artifactsText = try row.decode(String.self, forColumn: "artifacts")
        do {
            job.artifacts = try JSONDecoder().decode([JobArtifact].self, from: Data(artifactsText.utf8))
        } catch {
            throw CorruptRow(table: "jobs", reason: "job \(id) has unreadable artifacts")
        }
        job.queuePosition = try row.decode(Int64.self, forColumn: "queue_position")
        job.createdAt = Date(timeIntervalSince1970: try row.decode(Double.self, forColumn: "created_at"))
        job.updatedAt = Date(timeIntervalSince1970: try row.decode(Double.self, forColumn: "updated_at"))
        job.startedAt = try row.decode(Double?.self, forColumn: "started_at").map(Date.init(timeIntervalSince1970:))
        job.finishedAt = try row.decode(Double?.self, forColumn: "finished_at").map(Date.init(timeIntervalSince1970:))
        self.job = job
    }

    func encode(to container: inout PersistenceContainer) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        container[Columns.id] = job.id.rawValue
        container[Columns.url] = job.options.url
        container[Columns.state] = job.state.rawValue
        container[Columns.pausedFrom] = job.pausedFrom?.rawValue
        container[Columns.priority] = job.options.priority.rank
        container[Columns.tags] = String(decoding: try encoder.encode(job.options.tags), as: UTF8.self)
        container[Columns.options] = String(decoding: try encoder.encode(job.options), as: UTF8.self)
        container[Columns.title] = job.title
        container[Columns.titleKey] = (job.title ?? job.options.url).lowercased()
        container[Columns.searchText] = Self.searchText(for: job)
        container[Columns.progressStage] = job.progress.stage?.rawValue
        container[Columns.progressPercent] = job.progress.percent
        container[Columns.progressDownloadedBytes] = job.progress.downloadedBytes
        container[Columns.progressTotalBytes] = job.progress.totalBytes
        container[Columns.progressSpeed] = job.progress.speed
        container[Columns.progressETA] = job.progress.eta
        container[Columns.attempts] = job.attempts
        container[Columns.failureCode] = job.failure?.code
        container[Columns.failureMessage] = job.failure?.message
        container[Columns.failureStage] = job.failure?.stage?.rawValue
        container[Columns.outputPath] = job.outputPath
        container[Columns.finishedStages] = job.finishedStages.map(\.rawValue).joined(separator: ",")
        container[Columns.artifacts] = String(decoding: try encoder.encode(job.artifacts), as: UTF8.self)
        container[Columns.queuePosition] = job.queuePosition
        container[Columns.createdAt] = job.createdAt.timeIntervalSince1970
        container[Columns.updatedAt] = job.updatedAt.timeIntervalSince1970
        container[Columns.startedAt] = job.startedAt?.timeIntervalSince1970
        container[Columns.finishedAt] = job.finishedAt?.timeIntervalSince1970
    }

    private static func parse<Value: RawRepresentable<String>>(_ type: Value.Type, _ row: Row, _ column: String, id: String) throws -> Value {
        guard let value = try parseOptional(type, row, column, id: id) else {
            throw CorruptRow(table: "jobs", reason: "job \(id) has no \(column)")
        }
        return value
    }

    private static func parseOptional<Value: RawRepresentable<String>>(_ type: Value.Type, _ row: Row, _ column: String, id: String) throws -> Value? {
        guard let raw = try row.decode(String?.self, forColumn: column) else { return nil }
        guard let value = Value(rawValue: raw) else {
            throw CorruptRow(table: "jobs", reason: "job \(id) has unknown \(column) '\(raw)'")
        }
        return value
    }
}

extension Job {
    /// The job as it reads back from the database (dates rounded through unix seconds), so what
    /// a write returns equals what a later read returns.
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
    /// The date as it reads back from a REAL unix-seconds column.
    var asStored: Date { Date(timeIntervalSince1970: timeIntervalSince1970) }
}
