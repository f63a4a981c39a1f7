import PostgresNIO
import SpoolCore

extension PostgresJobStore {
    /// Inserts or replaces the job's media row.
    ///
    /// - Throws: `SpoolError(.notFound)` when the job does not exist.
    public func saveMedia(_ media: Media) async throws {
        let values = MediaColumns.values(of: media)
        var bindings = PostgresBindings(capacity: values.count)
        try bindings.append(values)
        let columns = values.map(\.column)
        // job_id ($1) comes from `jobs`, so a media row of an unknown job inserts nothing.
        let selected = ["id"] + (2...values.count).map { "$\($0)" }
        let updates = columns.dropFirst().map { "\($0) = excluded.\($0)" }
        let upsert = PostgresQuery(unsafeSQL: """
            INSERT INTO media (\(columns.joined(separator: ", ")))
            SELECT \(selected.joined(separator: ", ")) FROM jobs WHERE id = $1
            ON CONFLICT (job_id) DO UPDATE SET \(updates.joined(separator: ", "))
            RETURNING job_id
            """, binds: bindings)
        let saved = try await database.transaction("save media of job \(media.jobID)") { connection in
            try await connection.query(upsert, logger: logger).collect()
        }
        guard !saved.isEmpty else { throw SpoolError.jobNotFound(media.jobID) }
    }

    /// The media metadata of those of `ids` that have some, in one query.
    public func media(for ids: Set<JobID>) async throws -> [JobID: Media] {
        guard !ids.isEmpty else { return [:] }
        return try await database.read("read media of \(ids.count) jobs") { connection in
            let rows = try await connection.query(
                "SELECT \(unescaped: MediaColumns.selection.joined(separator: ", ")) FROM media WHERE job_id = ANY(\(ids.map(\.rawValue)))",
                logger: logger
            ).collect()
            let media = try rows.map { try MediaColumns.media(from: PostgresColumnReader($0)) }
            return Dictionary(media.map { ($0.jobID, $0) }, uniquingKeysWith: { $1 })
        }
    }

    /// The job's media, or nil.
    public func media(for id: JobID) async throws -> Media? {
        try await database.read("read media of job \(id)") { connection in
            let rows = try await connection.query(
                "SELECT \(unescaped: MediaColumns.selection.joined(separator: ", ")) FROM media WHERE job_id = \(id.rawValue)",
                logger: logger
            ).collect()
            return try rows.first.map { try MediaColumns.media(from: PostgresColumnReader($0)) }
        }
    }
}
