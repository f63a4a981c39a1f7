import PostgresNIO
import SpoolCore

/// Queries on `jobs`, with rows mapped by ``JobColumns``; tags go to a `text[]` column with a
/// GIN index for tag filters.
enum JobRow {
    /// The columns a ``Job`` is read from, for `SELECT`.
    static let selection = JobColumns.selection.joined(separator: ", ")

    /// `INSERT` of a new job, with its number.
    static func insert(_ job: Job) throws -> PostgresQuery {
        try PostgresColumns.insert(
            into: JobColumns.table,
            try JobColumns.values(of: job) + [("id", .text(job.id.rawValue)), (JobColumns.numberColumn, .integer(job.number))]
        )
    }

    /// `UPDATE` of every column of an existing job.
    static func update(_ job: Job) throws -> PostgresQuery {
        let values = try JobColumns.values(of: job)
        var bindings = PostgresBindings(capacity: values.count + 1)
        try bindings.append(values)
        try bindings.append(job.id.rawValue)
        let assignments = values.enumerated().map { "\($1.column) = $\($0 + 1)" }.joined(separator: ", ")
        return PostgresQuery(unsafeSQL: "UPDATE jobs SET \(assignments) WHERE id = $\(values.count + 1)", binds: bindings)
    }

    /// Decodes a row selected with ``selection``.
    static func job(_ row: PostgresRow) throws -> Job {
        try JobColumns.job(from: PostgresColumnReader(row))
    }
}
