import Foundation

/// How a ``Batch`` maps to a row of `batches` in every database backend: the id as the primary
/// key, the job ids in episode order as a JSON array, and the creation time in unix seconds.
public enum BatchColumns {
    /// The table.
    public static let table = "batches"

    /// The columns a ``Batch`` is read from, in `SELECT` order.
    public static let selection = ["id", "name", "job_ids", "notification_webhook", "created_at"]

    /// Every stored column, with the batch's value for it.
    public static func values(of batch: Batch) throws -> [(column: String, value: ColumnValue)] {
        [
            ("id", .text(batch.id.rawValue)),
            ("name", .text(batch.name)),
            ("job_ids", .text(try StoredJSON.encode(batch.jobIDs))),
            ("notification_webhook", .text(batch.notificationWebhook)),
            ("created_at", .real(batch.createdAt.timeIntervalSince1970)),
        ]
    }

    /// Decodes a row that has the ``selection`` columns.
    ///
    /// - Throws: ``CorruptRow`` for unreadable job ids or missing values.
    public static func batch(from row: some ColumnReader) throws -> Batch {
        let id = try row.required(row.text("id"), "id", table: table, row: "a batch")
        let jobIDs = try StoredJSON.decode([JobID].self, "job_ids", of: row, table: table, row: "batch \(id)")
        let created = try row.required(row.real("created_at"), "created_at", table: table, row: "batch \(id)")
        return Batch(
            id: BatchID(id), name: try row.text("name"), jobIDs: jobIDs, createdAt: Date(timeIntervalSince1970: created),
            notificationWebhook: try row.text("notification_webhook")
        )
    }
}
