import Foundation
import Logging
import SpoolCore
import SpoolQueue
import Synchronization

/// Runs the UPLOAD stage for entries of `q:upload`: puts a finished job's file, and the side files
/// beside it (info.json, thumbnail, subtitles, NFO, a kept original), into the job's object-storage
/// target under the same relative paths, verifies each object (size and checksum), points the job
/// at the objects (`s3://bucket/key`) and, unless the target keeps local copies, removes the files
/// from the library.
///
/// Resumable: the multipart upload id of a large file is kept in the work folder's journal before
/// any part is sent, so the next attempt (after a crash, a restart, a pause) sends only the parts
/// the bucket lacks. A cancelled job's unfinished upload is aborted; one a crash left behind is
/// aborted by the orphan sweep after a day. A name taken in the bucket by another file gets
/// ` (1)`, ` (2)`, … as in the library.
public struct UploadStage: Sendable {
    /// Settings of the stage.
    public struct Configuration: Sendable {
        /// Retries and backoff (MAX_RETRIES).
        public var retryPolicy: RetryPolicy

        /// Creates a configuration.
        public init(retryPolicy: RetryPolicy = RetryPolicy()) {
            self.retryPolicy = retryPolicy
        }
    }

    let service: JobService
    let objects: any ObjectStorage
    let storage: any MediaStorage
    let running: RunningJobs
    let run: StageRun

    /// Creates the stage over the buckets and the local library.
    public init(
        service: JobService, objects: any ObjectStorage, storage: any MediaStorage, running: RunningJobs,
        configuration: Configuration, logger: Logger
    ) {
        self.service = service
        self.objects = objects
        self.storage = storage
        self.running = running
        self.run = StageRun(
            definition: .upload, service: service, retryPolicy: configuration.retryPolicy,
            retryable: [.storage, .internalError], logger: logger
        )
    }

    /// Handles one claimed entry; settles its lease.
    public func handle(_ context: LeaseContext) async {
        guard let job = await run.begin(context, progress: JobProgress(stage: .upload, percent: 0)) else { return }
        let reporter = ProgressReporter(jobID: job.id, stage: .upload, service: service)
        let inFlight = InFlightUpload()
        let outcome: StageOutcome<UploadedFiles> = await run.execute(job.id, running: running) {
            try await upload(job, reporter: reporter, inFlight: inFlight)
        }
        if case .stopped(.cancel) = outcome, let (location, uploadID) = inFlight.current.withLock({ $0 }) {
            try? await objects.abortUpload(uploadID, at: location)
        }
        await run.settle(outcome, job: job, context: context) { uploaded in
            try await finish(job, uploaded: uploaded, context: context)
        }
    }

    /// Uploads the job's files not yet in the bucket and returns where each went.
    func upload(_ job: Job, reporter: ProgressReporter, inFlight: InFlightUpload = InFlightUpload()) async throws -> UploadedFiles {
        guard let target = job.options.storage else { throw SpoolError(.invalidInput, "the job names no storage target") }
        guard let output = job.outputPath else { throw SpoolError(.notFound, "the job has no finished file to upload") }
        let files = try localFiles(of: job, output: output)
        let folder = try storage.createWorkDirectory(for: job.id, subfolder: "upload")
        var journal = UploadJournal.load(from: folder)
        let renamed = try await objectNames(for: files, output: output, target: target, journal: &journal)
        try journal.save(to: folder, storage: storage)

        let sizes = files.map { Self.size(of: $0) }
        let total = sizes.reduce(0, +)
        let meter = UploadMeter(total: total, reporter: reporter)
        var uploaded = UploadedFiles(target: target)
        for (index, file) in files.enumerated() {
            guard var entry = journal.entries[file], let location = ObjectLocation(path: entry.object) else { continue }
            if entry.done {
                await meter.finished(bytes: sizes[index])
                uploaded.objects[file] = location
                continue
            }
            let snapshot = journal
            let result = try await objects.upload(
                file, to: location, contentType: FileContentType.of(file), resumingUploadID: entry.uploadID,
                uploadStarted: { [inFlight] uploadID in
                    inFlight.current.withLock { $0 = (location, uploadID) }
                    var started = snapshot
                    started.entries[file]?.uploadID = uploadID
                    try started.save(to: folder, storage: storage)
                },
                progress: { meter.current($0) }
            )
            inFlight.current.withLock { $0 = nil }
            entry.done = true
            entry.uploadID = nil
            journal.entries[file] = entry
            try journal.save(to: folder, storage: storage)
            await meter.finished(bytes: sizes[index])
            uploaded.objects[file] = location
            if file == output {
                uploaded.result = result
            }
        }
        uploaded.renamed = renamed
        uploaded.totalBytes = total
        uploaded.seconds = meter.elapsed
        return uploaded
    }

    /// The video and its side files that are still local files in the library.
    private func localFiles(of job: Job, output: String) throws -> [String] {
        guard storage.libraryRelativePath(of: output) != nil, storage.fileExists(output) else {
            throw SpoolError(.notFound, "the finished file is no longer in the library; retry the job to download it again")
        }
        let sides = job.artifacts.filter { $0.kind == .sideFile || $0.kind == .original }.map(\.path)
            .filter { !ObjectLocation.isObjectPath($0) && storage.fileExists($0) && storage.libraryRelativePath(of: $0) != nil }
        return [output] + sides.filter { $0 != output }
    }

    /// Gives each file not in the journal its object: the same relative path under the target, the
    /// video's name (and its side files' names with it) taking ` (n)` when another object has it.
    /// - Returns: the object name the video took instead of its own, if any.
    private func objectNames(for files: [String], output: String, target: String, journal: inout UploadJournal) async throws -> String? {
        guard journal.entries[output] == nil else {
            for file in files where journal.entries[file] == nil {
                let relative = storage.libraryRelativePath(of: file) ?? (file as NSString).lastPathComponent
                journal.entries[file] = .init(object: try objects.location(of: relative, on: target).path, done: false)
            }
            return nil
        }
        let relative = storage.libraryRelativePath(of: output) ?? (output as NSString).lastPathComponent
        let folder = (relative as NSString).deletingLastPathComponent
        let name = (relative as NSString).lastPathComponent
        let stem = SideFile.Name.stem(of: name)
        var chosenStem = stem
        for attempt in 0...999 {
            chosenStem = attempt == 0 ? stem : "\(stem) (\(attempt))"
            let candidate = (folder.isEmpty ? "" : folder + "/") + chosenStem + name.dropFirst(stem.count)
            if try await objects.size(of: try objects.location(of: candidate, on: target)) == nil { break }
        }
        for file in files {
            var relativeFile = storage.libraryRelativePath(of: file) ?? (file as NSString).lastPathComponent
            let fileName = (relativeFile as NSString).lastPathComponent
            if chosenStem != stem, fileName.hasPrefix(stem) {
                let fileFolder = (relativeFile as NSString).deletingLastPathComponent
                relativeFile = (fileFolder.isEmpty ? "" : fileFolder + "/") + chosenStem + fileName.dropFirst(stem.count)
            }
            journal.entries[file] = .init(object: try objects.location(of: relativeFile, on: target).path, done: false)
        }
        return chosenStem == stem ? nil : chosenStem + name.dropFirst(stem.count)
    }

    private func finish(_ job: Job, uploaded: UploadedFiles, context: LeaseContext) async throws {
        guard let output = job.outputPath, let object = uploaded.objects[output] else {
            throw SpoolError(.internalError, "the finished file was not uploaded")
        }
        let keepLocal = objects.keepsLocalCopy(on: uploaded.target)
        let size = uploaded.result?.size ?? uploaded.totalBytes
        let done = JobProgress(stage: .upload, percent: 100, downloadedBytes: size, totalBytes: size)
        await service.events.publish(.progress(job.id, done))
        try await run.finish(job, context: context, events: [
            .log(job.id, .info, Self.summary(uploaded, object: object, keepLocal: keepLocal), stage: .upload),
        ]) { job in
            job.outputPath = object.path
            job.progress = done
            job.artifacts = job.artifacts.map { artifact in
                var artifact = artifact
                if let location = uploaded.objects[artifact.path] { artifact.path = location.path }
                return artifact
            }
        }
        guard !keepLocal else { return }
        for file in uploaded.objects.keys.sorted() {
            do {
                try await storage.removeOutput(path: file)
            } catch {
                try? await service.record([.log(job.id, .warning, "uploaded, but the local copy \(file) could not be removed: \(error)", stage: .upload)])
            }
        }
    }

    /// `uploaded Talk.mkv (1.2 GiB) to s3://videos/Show/Talk.mkv in 72 parts (12 kept from an earlier attempt), 8.1 s at 151 MiB/s; local copy removed`.
    static func summary(_ uploaded: UploadedFiles, object: ObjectLocation, keepLocal: Bool) -> String {
        var text = "uploaded \(object.fileName) (\(ByteCount.format(uploaded.totalBytes))) to \(object.path)"
        if let result = uploaded.result, result.partCount > 1 {
            text += " in \(result.partCount) parts"
            if result.reusedParts > 0 { text += " (\(result.reusedParts) kept from an earlier attempt)" }
        }
        let sides = uploaded.objects.count - 1
        if sides > 0 { text += ", with \(sides) side file\(sides == 1 ? "" : "s")" }
        if uploaded.seconds > 0 {
            text += String(format: ", %.1f s", uploaded.seconds)
            if let sent = uploaded.result?.sentBytes, sent > 0 { text += " at \(ByteCount.format(Int64(Double(sent) / uploaded.seconds)))/s" }
        }
        if let renamed = uploaded.renamed { text += "; the name was taken in the bucket, so it is \(renamed)" }
        text += keepLocal ? "; local copy kept" : "; local copy removed"
        return text
    }

    private static func size(of path: String) -> Int64 {
        ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.int64Value ?? 0
    }
}

/// The multipart upload an attempt has open, aborted when the job is cancelled.
final class InFlightUpload: Sendable {
    /// Its object and upload id.
    let current = Mutex<(ObjectLocation, String)?>(nil)
}

/// Where a job's files went.
struct UploadedFiles: Sendable {
    /// The storage target.
    let target: String
    /// Object of each uploaded local file.
    var objects: [String: ObjectLocation] = [:]
    /// The video's upload, when this attempt sent it.
    var result: ObjectUploadResult?
    /// The video's new object name, when its own was taken.
    var renamed: String?
    /// Bytes of all the files.
    var totalBytes: Int64 = 0
    /// Wall time of this attempt.
    var seconds: Double = 0

    init(target: String) {
        self.target = target
    }
}
