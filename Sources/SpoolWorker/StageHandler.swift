import SpoolQueue

/// Runs one claimed entry of a stage's queue and settles its lease (complete, retry, fail, hand back).
public protocol StageHandler: Sendable {
    /// Handles one claimed entry.
    func handle(_ context: LeaseContext) async
}

extension DownloadStage: StageHandler {}
extension DubStage: StageHandler {}
extension MuxStage: StageHandler {}
extension ProcessStage: StageHandler {}
extension UploadStage: StageHandler {}
extension SourceSyncHandler: StageHandler {}
extension MaintenanceHandler: StageHandler {}
