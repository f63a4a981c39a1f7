import Foundation
import Synchronization

/// Uploads a local file to S3: a single streamed PUT up to the multipart threshold (64 MiB), above
/// it a multipart upload with parts of 16 MiB (grown so no file needs more than 10,000), several
/// parts in flight at once (4), each streamed from disk.
///
/// Resumable: ``upload(fileAt:to:contentType:metadata:resumingUploadID:uploadStarted:progress:)``
/// hands out the upload id as soon as S3 assigns it; given that id again (after a crash, a
/// cancellation, a restart), it lists the parts S3 already holds and sends only the missing ones.
/// A failed or cancelled upload is left open for that; abort it to give up (or let
/// ``S3Client/listMultipartUploads(prefix:initiatedBefore:)`` find it later).
///
/// At the end the object is verified: `HEAD` must report the file's size, a multipart ETag the
/// planned number of parts, and (with checksums on, when the server reports one) the CRC-32 that
/// the file's bytes give: S3 computes it from what it stored.
public struct MultipartUploader: Sendable {
    /// The client of the bucket.
    public let client: S3Client
    /// Part size, threshold, parallelism, retries.
    public let configuration: Configuration

    /// An uploader to `client`'s bucket.
    public init(client: S3Client, configuration: Configuration = Configuration()) {
        self.client = client
        self.configuration = configuration
    }

    /// Uploads the file at `path` as `key`.
    ///
    /// - Parameters:
    ///   - path: The local file; it must not change during the upload (nor between a run and its resumption).
    ///   - key: The object's key.
    ///   - contentType: `Content-Type` to store.
    ///   - metadata: User metadata (`x-amz-meta-<name>`; ASCII values).
    ///   - resumingUploadID: The id of an earlier, unfinished multipart upload of this file to `key`.
    ///     Its parts of the planned size are kept; if S3 no longer knows it, a new upload starts.
    ///   - uploadStarted: Hears the upload id of a new multipart upload before any part is sent: store it to resume.
    ///   - progress: Hears the bytes sent and completed. Called from several tasks, under a lock:
    ///     keep it short.
    /// - Returns: What was uploaded, sent and kept.
    /// - Throws: ``S3Error`` (``S3Error/Code/verificationFailed`` when the object does not match), or `CancellationError`.
    public func upload(
        fileAt path: String, to key: String, contentType: String? = nil, metadata: [String: String] = [:],
        resumingUploadID: String? = nil, uploadStarted: @Sendable (String) async throws -> Void = { _ in },
        progress: @escaping @Sendable (Progress) -> Void = { _ in }
    ) async throws -> Result {
        let file = try await ReadOnlyFile(path: path)
        if file.size <= configuration.multipartThreshold, resumingUploadID == nil {
            return try await putWhole(file, key: key, contentType: contentType, metadata: metadata, progress: progress)
        }
        let plan = try MultipartPlan(fileSize: file.size, preferredPartSize: configuration.partSize)

        var kept: [Int: S3UploadedPart] = [:]
        var uploadID: String
        if let resumingUploadID, let stored = try await storedParts(key: key, uploadID: resumingUploadID) {
            uploadID = resumingUploadID
            kept = try await keepable(stored, of: file, plan: plan)
        } else {
            uploadID = try await client.createMultipartUpload(key: key, contentType: contentType, metadata: metadata)
            try await uploadStarted(uploadID)
        }

        let tracker = ProgressTracker(
            Progress(
                totalBytes: plan.fileSize, completedBytes: kept.values.reduce(0) { $0 + $1.size }, sentBytes: 0,
                completedParts: kept.count, totalParts: plan.partCount
            ),
            report: progress
        )
        tracker.report()
        let missing = (1...plan.partCount).filter { kept[$0] == nil }
        let sent = try await sendParts(missing, of: file, plan: plan, key: key, uploadID: uploadID, tracker: tracker)

        var parts = kept
        for part in sent { parts[part.partNumber] = part }
        let etag = try await client.completeMultipartUpload(key: key, uploadID: uploadID, parts: Array(parts.values))
        let partChecksums = (1...plan.partCount).compactMap { parts[$0]?.checksumCRC32.flatMap(CRC32.value(ofBase64:)) }
        let composite = partChecksums.count == plan.partCount ? CRC32.composite(of: partChecksums).value : nil
        let info = try await verify(key: key, size: file.size, parts: plan.partCount, crc32: composite)
        return Result(
            key: key, size: info.size, etag: info.etag.isEmpty ? etag : info.etag, uploadID: uploadID, partCount: plan.partCount,
            sentParts: sent.map(\.partNumber).sorted(), reusedParts: kept.keys.sorted(), sentBytes: tracker.progress.sentBytes
        )
    }

    // MARK: Steps

    /// A file at or below the threshold: one streamed PUT.
    private func putWhole(
        _ file: ReadOnlyFile, key: String, contentType: String?, metadata: [String: String], progress: @escaping @Sendable (Progress) -> Void
    ) async throws -> Result {
        let tracker = ProgressTracker(
            Progress(totalBytes: file.size, completedBytes: 0, sentBytes: 0, completedParts: 0, totalParts: 1), report: progress
        )
        let (putETag, crc32) = try await client.putFile(
            file, key: key, contentType: contentType, metadata: metadata, onChunk: { tracker.sent($0) }
        )
        tracker.completed(partBytes: file.size)
        let info = try await verify(key: key, size: file.size, parts: nil, crc32: crc32)
        let etag = info.etag.isEmpty ? putETag : info.etag
        return Result(
            key: key, size: info.size, etag: etag, uploadID: nil, partCount: 1, sentParts: [1], reusedParts: [],
            sentBytes: tracker.progress.sentBytes
        )
    }

    /// The parts S3 holds for a stored upload id; nil when S3 no longer knows the upload.
    private func storedParts(key: String, uploadID: String) async throws -> [S3UploadedPart]? {
        do {
            return try await client.listParts(key: key, uploadID: uploadID)
        } catch let error as S3Error where error.code == .noSuchUpload {
            return nil
        }
    }

    /// The stored parts an earlier run left that fit the plan: the planned size and, with checksums
    /// on, the local bytes' CRC-32 (compared with the stored one when the server lists it, and kept
    /// for the completion).
    private func keepable(_ stored: [S3UploadedPart], of file: ReadOnlyFile, plan: MultipartPlan) async throws -> [Int: S3UploadedPart] {
        var kept: [Int: S3UploadedPart] = [:]
        for var part in stored where (1...plan.partCount).contains(part.partNumber) {
            let (offset, length) = plan.range(ofPart: part.partNumber)
            guard part.size == length else { continue }
            if client.configuration.checksum == .crc32 {
                guard let local = try await file.digests(offset: offset, length: length, sha256: false, crc32: true).crc32 else { continue }
                if let listed = part.checksumCRC32, CRC32.value(ofBase64: listed) != local { continue }
                part.checksumCRC32 = CRC32(value: local).base64
            }
            kept[part.partNumber] = part
        }
        return kept
    }

    /// Sends `numbers`, at most `concurrency` at a time; returns the stored parts.
    private func sendParts(
        _ numbers: [Int], of file: ReadOnlyFile, plan: MultipartPlan, key: String, uploadID: String, tracker: ProgressTracker
    ) async throws -> [S3UploadedPart] {
        try await withThrowingTaskGroup(of: S3UploadedPart.self) { group in
            var pending = numbers[...]
            var sent: [S3UploadedPart] = []
            sent.reserveCapacity(numbers.count)
            for _ in 0..<configuration.concurrency {
                guard let number = pending.popFirst() else { break }
                group.addTask { try await sendPart(number, of: file, plan: plan, key: key, uploadID: uploadID, tracker: tracker) }
            }
            while let part = try await group.next() {
                sent.append(part)
                if let number = pending.popFirst() {
                    group.addTask { try await sendPart(number, of: file, plan: plan, key: key, uploadID: uploadID, tracker: tracker) }
                }
            }
            return sent
        }
    }

    /// One part, retried on transient failures with a growing pause.
    private func sendPart(
        _ number: Int, of file: ReadOnlyFile, plan: MultipartPlan, key: String, uploadID: String, tracker: ProgressTracker
    ) async throws -> S3UploadedPart {
        let (offset, length) = plan.range(ofPart: number)
        var attempt = 1
        while true {
            do {
                let part = try await client.uploadPart(
                    key: key, uploadID: uploadID, partNumber: number, file: file, offset: offset, length: length,
                    onChunk: { tracker.sent($0) }
                )
                tracker.completed(partBytes: length)
                return part
            } catch let error as S3Error where error.isTransient && attempt < configuration.attempts {
                try await Task.sleep(for: .milliseconds(500 * attempt))
                attempt += 1
            }
        }
    }

    /// `HEAD` must report `size`, a multipart ETag `parts` parts, and a reported CRC-32 `crc32`.
    private func verify(key: String, size: Int64, parts: Int?, crc32: UInt32?) async throws -> S3ObjectInfo {
        let info = try await client.headObject(key: key)
        guard info.size == size else {
            throw S3Error(code: .verificationFailed, message: "the object has \(info.size) bytes, the file \(size)", resource: key)
        }
        if let parts, let stored = S3ETag.partCount(info.etag), stored != parts {
            throw S3Error(code: .verificationFailed, message: "the object was assembled from \(stored) parts, \(parts) were planned", resource: key)
        }
        if let crc32, let reported = info.checksumCRC32, CRC32.value(ofBase64: reported) != crc32 {
            throw S3Error(
                code: .verificationFailed,
                message: "S3 reports CRC-32 \(reported) for the object, the file's bytes give \(CRC32(value: crc32).base64)", resource: key
            )
        }
        return info
    }
}

/// The running ``MultipartUploader/Progress`` of one upload, updated from the part tasks.
private final class ProgressTracker: Sendable {
    private let state: Mutex<MultipartUploader.Progress>
    private let sink: @Sendable (MultipartUploader.Progress) -> Void

    init(_ initial: MultipartUploader.Progress, report: @escaping @Sendable (MultipartUploader.Progress) -> Void) {
        state = Mutex(initial)
        sink = report
    }

    var progress: MultipartUploader.Progress { state.withLock { $0 } }

    /// Reports the current state (under the lock, so reports arrive in order).
    func report() {
        state.withLock { sink($0) }
    }

    /// `count` more bytes handed to the connection.
    func sent(_ count: Int) {
        state.withLock {
            $0.sentBytes += Int64(count)
            sink($0)
        }
    }

    /// A part of `partBytes` bytes is stored.
    func completed(partBytes: Int64) {
        state.withLock {
            $0.completedBytes += partBytes
            $0.completedParts += 1
            sink($0)
        }
    }
}
