import Foundation
import SpoolCore
import SpoolQueue

extension DownloadStage {
    /// The cause to show when `error` means the disk is full, else nil: the error itself when it
    /// says so (`No space left on device`), or a write that failed (`Cannot write video metadata to
    /// JSON file`, the symptom yt-dlp reports once a `.part` has taken the last bytes) while the
    /// media volume is (nearly) full, kept behind the real cause.
    func diskFullCause(of error: SpoolError) -> String? {
        if error.code == .insufficientStorage || DownloadFailureClassifier.isDiskFull(error.message) {
            return error.message
        }
        guard [.storage, .downloadFailed, .toolFailed].contains(error.code), error.message.lowercased().contains("write"),
              let free = try? diskSpace.freeBytes(), free < max(diskSpace.resumeAtBytes, 1 << 20)
        else { return nil }
        return "No space left on device (\(error.message))"
    }

    /// A download stopped by a full disk: the job goes back to the queue without the attempt being
    /// counted, its partial file stays for the resume, and the queue pauses until space returns.
    func waitForSpace(_ job: Job, cause: String, workDirectory: String, context: LeaseContext) async {
        let id = job.id
        await diskSpace.pause(reason: cause)
        let partial = Self.bytes(in: workDirectory)
        let kept = partial > 0 ? "its partial file (\(ByteCount.format(partial))) is kept to resume from" : "nothing was written yet"
        let failure = JobFailure(code: SpoolError.Code.insufficientStorage.rawValue, message: cause, stage: .download)
        await run.step(id, .retry(.download), reason: "disk full", events: [
            .error(id, code: failure.code, message: cause, stage: .download),
            .log(id, .warning, "the disk is full (\(cause)): the download queue is paused and this job waits in it; \(kept); it goes on once \(ByteCount.format(diskSpace.resumeAtBytes)) is free", stage: .download),
        ]) { job in
            job.attempts = max(0, job.attempts - 1)
            job.failure = failure
        }
        try? await context.release(delay: .zero)
    }

    /// Bytes of the regular files in a folder tree (0 when it is missing).
    static func bytes(in folder: String) -> Int64 {
        guard let walker = FileManager.default.enumerator(atPath: folder) else { return 0 }
        var total: Int64 = 0
        while let next = walker.nextObject() as? String {
            let attributes = try? FileManager.default.attributesOfItem(atPath: folder + "/" + next)
            if attributes?[.type] as? FileAttributeType == .typeRegular, let size = attributes?[.size] as? NSNumber {
                total += size.int64Value
            }
        }
        return total
    }
}
