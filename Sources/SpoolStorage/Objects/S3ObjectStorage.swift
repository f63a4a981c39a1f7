import Foundation
import SpoolCore
import SpoolS3

/// ``ObjectStorage`` on S3-compatible buckets: one ``S3Target`` per name, uploads through
/// ``MultipartUploader`` (resumable, verified), presigned GET links, deletes and the sweep of
/// abandoned multipart uploads. S3's errors come out as ``SpoolError``s.
public struct S3ObjectStorage: ObjectStorage {
    /// The targets by name.
    public let byName: [String: S3Target]
    /// The names and the default for new jobs.
    public let targets: StorageTargets

    /// Storage over `targets`, new jobs going to `defaultTarget` (nil: the local library).
    public init(targets: [S3Target], defaultTarget: String?) {
        self.byName = Dictionary(targets.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        self.targets = StorageTargets(
            locations: Dictionary(targets.map { ($0.name, ObjectLocation(bucket: $0.bucket, key: $0.prefix).path) }, uniquingKeysWith: { first, _ in first }),
            defaultTarget: defaultTarget
        )
    }

    /// The target's bucket and the path under its prefix.
    public func location(of relativePath: String, on target: String) throws -> ObjectLocation {
        let target = try self.target(named: target)
        var path = relativePath
        while path.hasPrefix("/") { path.removeFirst() }
        return ObjectLocation(bucket: target.bucket, key: target.prefix + path)
    }

    /// The target's `keepLocal`; true for an unknown name (nothing is removed).
    public func keepsLocalCopy(on target: String) -> Bool {
        byName[target]?.keepLocal ?? true
    }

    /// `HEAD`'s size; nil on 404.
    public func size(of location: ObjectLocation) async throws -> Int64? {
        let target = try self.target(holding: location)
        do {
            return try await target.client.headObject(key: location.key).size
        } catch let error as S3Error where error.status == 404 {
            return nil
        } catch let error as S3Error {
            throw error.spoolError
        }
    }

    /// Uploads and verifies with ``MultipartUploader``.
    public func upload(
        _ file: String, to location: ObjectLocation, contentType: String?, resumingUploadID: String?,
        uploadStarted: @escaping @Sendable (String) async throws -> Void,
        progress: @escaping @Sendable (ObjectUploadProgress) -> Void
    ) async throws -> ObjectUploadResult {
        let target = try self.target(holding: location)
        let uploader = MultipartUploader(client: target.client, configuration: target.uploads)
        do {
            let result = try await uploader.upload(
                fileAt: file, to: location.key, contentType: contentType, resumingUploadID: resumingUploadID,
                uploadStarted: uploadStarted,
                progress: { progress(ObjectUploadProgress(totalBytes: $0.totalBytes, storedBytes: $0.completedBytes, sentBytes: $0.sentBytes)) }
            )
            return ObjectUploadResult(
                size: result.size, etag: result.etag, partCount: result.partCount, reusedParts: result.reusedParts.count,
                sentBytes: result.sentBytes
            )
        } catch let error as S3Error {
            throw error.spoolError
        }
    }

    /// Aborts a multipart upload; one S3 no longer knows is done already.
    public func abortUpload(_ uploadID: String, at location: ObjectLocation) async throws {
        let target = try self.target(holding: location)
        do {
            try await target.client.abortMultipartUpload(key: location.key, uploadID: uploadID)
        } catch let error as S3Error where error.code == .noSuchUpload {
            return
        } catch let error as S3Error {
            throw error.spoolError
        }
    }

    /// Deletes the object.
    public func delete(_ location: ObjectLocation) async throws {
        let target = try self.target(holding: location)
        do {
            try await target.client.deleteObject(key: location.key)
        } catch let error as S3Error {
            throw error.spoolError
        }
    }

    /// A presigned GET through the target's link endpoint.
    public func presignedURL(for location: ObjectLocation, validFor validity: Duration, fileName: String, attachment: Bool) throws -> URL {
        let target = try self.target(holding: location)
        let disposition = ContentDisposition.value(fileName: fileName, attachment: attachment)
        do {
            return try target.linkClient.presignedGetURL(key: location.key, expires: validity, contentDisposition: disposition)
        } catch let error where error.code == .invalidExpiry {
            throw SpoolError(.invalidInput, "a link lasts 1 s to 7 days (604800 s)")
        } catch {
            throw error.spoolError
        }
    }

    /// Lists (and unless `dryRun` aborts) each target's multipart uploads begun before `date`, under its prefix.
    public func abandonedUploads(before date: Date, dryRun: Bool) async throws -> [AbandonedUpload] {
        var found: [AbandonedUpload] = []
        var seen = Set<String>()
        for target in byName.values.sorted(by: { $0.name < $1.name }) {
            // Targets sharing a bucket and prefix are swept once.
            guard seen.insert("\(target.client.configuration.endpoint)|\(target.bucket)|\(target.prefix)").inserted else { continue }
            do {
                for upload in try await target.client.listMultipartUploads(prefix: target.prefix.isEmpty ? nil : target.prefix, initiatedBefore: date) {
                    let location = ObjectLocation(bucket: target.bucket, key: upload.key)
                    if !dryRun {
                        try await abortUpload(upload.uploadID, at: location)
                    }
                    found.append(AbandonedUpload(location: location, uploadID: upload.uploadID, initiated: upload.initiated))
                }
            } catch let error as S3Error {
                throw error.spoolError
            }
        }
        return found
    }

    /// The target named `name`.
    func target(named name: String) throws -> S3Target {
        guard let target = byName[name] else {
            throw SpoolError(.notFound, "no storage target is named '\(name)'; configured: \(targets.names.joined(separator: ", "))")
        }
        return target
    }

    /// The target whose bucket holds `location` (the one whose prefix matches, when several share it).
    func target(holding location: ObjectLocation) throws -> S3Target {
        let candidates = byName.values.filter { $0.bucket == location.bucket }.sorted { $0.prefix.count > $1.prefix.count }
        guard let target = candidates.first(where: { location.key.hasPrefix($0.prefix) }) ?? candidates.first else {
            throw SpoolError(.notFound, "the file is in bucket '\(location.bucket)', which no storage target names; configure one (S3_BUCKET or S3_TARGETS)")
        }
        return target
    }
}
