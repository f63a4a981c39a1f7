import Foundation

/// The `abandoned-uploads` maintenance task: aborts the multipart uploads on every storage target
/// begun more than ``maxAge`` ago (a day by default) and never finished — left by a crash, a
/// cancel, or a job deleted mid-upload — so their parts stop costing storage. An upload younger
/// than that may still be resumed by its job, so it is left alone.
public struct AbandonedUploadsTask: MaintenanceTask {
    /// The buckets.
    public let objects: any ObjectStorage
    /// The time uploads are measured against.
    public let clock: any WallClock
    /// How old an unfinished upload must be to go.
    public let maxAge: TimeInterval

    /// Creates the task.
    public init(objects: any ObjectStorage, clock: any WallClock, maxAge: TimeInterval = 86_400) {
        self.objects = objects
        self.clock = clock
        self.maxAge = maxAge
    }

    /// `abandoned-uploads`.
    public var name: String { "abandoned-uploads" }

    /// Aborts (or, in a dry run, lists) the uploads begun before now minus ``maxAge``.
    public func run(dryRun: Bool) async throws -> MaintenanceReport {
        let uploads = try await objects.abandonedUploads(before: clock.now.addingTimeInterval(-maxAge), dryRun: dryRun)
        let actions = uploads.map { upload in
            let age = upload.initiated.map { String(format: " begun %.1f h ago", clock.now.timeIntervalSince($0) / 3600) } ?? ""
            return MaintenanceAction(
                message: "\(dryRun ? "would abort" : "aborted") the unfinished upload of \(upload.location.path)\(age)",
                metadata: ["object": upload.location.path, "upload.id": upload.uploadID]
            )
        }
        return MaintenanceReport(task: name, dryRun: dryRun, actions: actions)
    }
}
