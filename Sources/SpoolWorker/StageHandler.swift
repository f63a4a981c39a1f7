import SpoolQueue

/// Runs one claimed entry of a stage's queue and settles its lease (complete, retry, fail, hand back).
public protocol StageHandler: Sendable {
    /// Handles one claimed entry.
    func handle(_ context: LeaseContext) async

    /// Holds the stage's queue back from claiming while closed (the download queue on a full disk);
    /// nil for stages that never pause.
    var claimGate: (any ClaimGate)? { get }
}

extension StageHandler {
    /// No gate: the stage's queue always claims.
    public var claimGate: (any ClaimGate)? { nil }
}

extension DownloadStage: StageHandler {
    /// The download queue pauses on a full disk and resumes once space returns.
    public var claimGate: (any ClaimGate)? { diskSpace }
}

extension DubStage: StageHandler {}
extension MuxStage: StageHandler {}
extension ProcessStage: StageHandler {}
extension UploadStage: StageHandler {}
extension SourceSyncHandler: StageHandler {}
extension MaintenanceHandler: StageHandler {}
