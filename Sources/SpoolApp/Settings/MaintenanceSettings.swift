import SpoolCore

/// Housekeeping on the generic queue: how often it runs, the library's retention, and how long a
/// failed job keeps its work folder.
public struct MaintenanceSettings: Sendable {
    /// How often each maintenance task (the retention, the temp sweep) is queued
    /// (MAINTENANCE_INTERVAL, default 1h; the first runs come shortly after start; 0 turns the schedule off).
    public var interval: Duration = .seconds(3_600)
    /// The retention of jobs no source owns: RETENTION_MAX_AGE_DAYS, RETENTION_KEEP_NEWEST and
    /// RETENTION_MAX_TOTAL_SIZE_MB (each unset: no limit).
    public var libraryRetention = Retention()
    /// How long a FAILED job keeps its work folder for `resume` before the temp sweep removes it
    /// (TEMP_KEEP_FAILED, default 3d).
    public var keepFailedWork: Duration = .seconds(3 * 86_400)
    /// How many days audit log entries are kept (AUDIT_RETENTION_DAYS, default 90).
    public var auditRetentionDays = 90

    /// Defaults.
    public init() {}

    init(reader: EnvironmentReader) throws {
        interval = try reader.duration("MAINTENANCE_INTERVAL") ?? interval
        libraryRetention = Retention(
            keepNewest: try reader.int("RETENTION_KEEP_NEWEST", range: 1...Int(Int32.max)),
            maxAgeDays: try reader.int("RETENTION_MAX_AGE_DAYS", range: 1...Int(Int32.max)),
            maxTotalSizeMB: try reader.int("RETENTION_MAX_TOTAL_SIZE_MB", range: 1...Retention.maxSizeMB)
        )
        keepFailedWork = try reader.duration("TEMP_KEEP_FAILED") ?? keepFailedWork
        auditRetentionDays = try reader.int("AUDIT_RETENTION_DAYS", range: 1...36_500) ?? auditRetentionDays
    }
}
