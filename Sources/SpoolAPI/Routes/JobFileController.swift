import Foundation
import Hummingbird
import SpoolAPIModels
import SpoolCore

/// A job's finished file, wherever it is stored:
/// - `GET /api/jobs/{id}/file` (with a token) serves a local file with byte ranges, or redirects
///   to a presigned URL of an object in a bucket;
/// - `GET /api/jobs/{id}/file-link` (with a token) returns a signed link that works without one;
/// - `GET /api/files/{id}?expires=&signature=` (without a token) checks the link's signature and
///   expiry, then serves the local file or redirects to the object for the link's remaining time,
///   so a browser's `<video>` can play and seek it either way.
///
/// `?expires=` (seconds) sets a link's life: 1 h by default, at most 7 days (longer is a `400`).
/// The file is always the job's stored `outputPath`: a local one only when it resolves (symbolic
/// links followed) to a regular file inside the library root; a request never names a path.
struct JobFileController: Sendable {
    /// The longest a link may live: 7 days, S3's limit for presigned URLs.
    static let maxLifetime = 604_800

    let store: any JobStore
    let signer: FileLinkSigner
    /// The library folder finished files live in; nil serves no local files.
    let libraryRoot: String?
    /// Links to objects in buckets; nil when no storage target is configured.
    let storage: (any MediaStorage)?
    let fileIO = FileIO()

    /// Registers the file and link routes on the authenticated jobs group and the signed route on the open `/api` group.
    func addRoutes(jobs: RouterGroup<SpoolRequestContext>, open: RouterGroup<SpoolRequestContext>) {
        jobs.get(":id/file", use: download)
        jobs.get(":id/file-link", use: link)
        open.get("files/:id", use: file)
    }

    @Sendable func download(_ request: Request, context: SpoolRequestContext) async throws -> Response {
        let query = QueryParameters(request)
        let lifetime = try Self.lifetime(query)
        let attachment = try query.bool("download", default: false)
        let id = try JobController.jobID(context)
        try await checkVisible(id, context: context)
        switch try await finishedFile(of: id, context: context) {
        case .local(let output):
            return try await serve(output, request: request, attachment: attachment, context: context)
        case .object(let path):
            return try redirect(to: path, validFor: lifetime, attachment: attachment)
        }
    }

    @Sendable func link(_ request: Request, context: SpoolRequestContext) async throws -> EditedResponse<FileLinkResponse> {
        let lifetime = try Self.lifetime(QueryParameters(request))
        let id = try JobController.jobID(context)
        try await checkVisible(id, context: context)
        let body: FileLinkResponse
        let link = signer.link(for: id, lifetime: .seconds(lifetime))
        switch try await finishedFile(of: id, context: context) {
        case .local(let output):
            body = FileLinkResponse(url: link.path, expiresAt: link.expiresAt, fileName: output.name, size: output.size, contentType: output.contentType)
        case .object(let path):
            let name = ObjectLocation(path: path)?.fileName ?? "file"
            let size = try await store.media(for: id)?.filesize ?? 0
            body = FileLinkResponse(url: link.path, expiresAt: link.expiresAt, fileName: name, size: size, contentType: FileContentType.of(name))
        }
        return EditedResponse(headers: [.cacheControl: "no-store"], response: body)
    }

    @Sendable func file(_ request: Request, context: SpoolRequestContext) async throws -> Response {
        let query = QueryParameters(request)
        let raw = try context.parameters.require("id")
        let expires = try query.string("expires", maxLength: 20)
        let signature = try query.string("signature", maxLength: 64)
        guard let expires, let signature, let seconds = Int64(expires) else {
            throw SpoolError(.invalidInput, "a file link needs the expires and signature parameters of GET /api/jobs/{id}/file-link")
        }
        let id = JobID(raw.lowercased())
        guard id.isWellFormed, signer.isValid(id: id, expires: seconds, signature: signature) else {
            throw APIError.forbidden("the file link is invalid or has expired; ask for a new one")
        }
        let attachment = try query.bool("download", default: false)
        switch try await finishedFile(of: id, context: context) {
        case .local(let output):
            return try await serve(output, request: request, attachment: attachment, context: context)
        case .object(let path):
            // The object's link lives no longer than Spool's own.
            let remaining = max(1, min(Int(seconds - Int64(Date().timeIntervalSince1970)), Self.maxLifetime))
            return try redirect(to: path, validFor: remaining, attachment: attachment)
        }
    }

    /// Throws `404` unless the caller may see the job (``AuthenticatedUser/canSee(_:)``).
    private func checkVisible(_ id: JobID, context: SpoolRequestContext) async throws {
        let identity = try context.requireIdentity()
        guard let job = try await store.job(id), identity.canSee(job) else { throw SpoolError.jobNotFound(id) }
    }

    /// `302` to a presigned URL of the object.
    private func redirect(to path: String, validFor seconds: Int, attachment: Bool) throws -> Response {
        guard let storage else {
            throw SpoolError(.notFound, "the file is in object storage, but no storage target is configured (S3_BUCKET)")
        }
        guard case .url(let url, _) = try storage.link(to: path, validFor: .seconds(seconds), attachment: attachment) else {
            throw SpoolError(.internalError, "the object storage gave no URL")
        }
        return Response(status: .found, headers: [.location: url, .cacheControl: "no-store"])
    }

    /// A local file with byte ranges and validators.
    private func serve(_ output: FinishedFile, request: Request, attachment: Bool, context: SpoolRequestContext) async throws -> Response {
        var headers: HTTPFields = [
            .contentType: output.contentType,
            .acceptRanges: "bytes",
            .eTag: output.eTag,
            .cacheControl: "private, max-age=3600",
            .contentDisposition: ContentDisposition.value(fileName: output.name, attachment: attachment),
        ]
        headers[.xContentTypeOptions] = "nosniff"
        if let ifNoneMatch = request.headers[.ifNoneMatch], ifNoneMatch == output.eTag {
            return Response(status: .notModified, headers: headers)
        }
        let ifRangeMatches = request.headers[.ifRange].map { $0 == output.eTag } ?? true
        if let range = request.headers[.range], ifRangeMatches {
            switch ByteRange.resolve(range, size: output.size) {
            case .partial(let bytes):
                headers[.contentRange] = "bytes \(bytes.lowerBound)-\(bytes.upperBound)/\(output.size)"
                headers[.contentLength] = String(bytes.count)
                let body = try await fileIO.loadFile(path: output.path, range: Int(bytes.lowerBound)...Int(bytes.upperBound), context: context)
                return Response(status: .partialContent, headers: headers, body: body)
            case .unsatisfiable:
                headers[.contentRange] = "bytes */\(output.size)"
                headers[.contentLength] = "0"
                return Response(status: .rangeNotSatisfiable, headers: headers)
            case .ignored:
                break
            }
        }
        headers[.contentLength] = String(output.size)
        return Response(status: .ok, headers: headers, body: try await fileIO.loadFile(path: output.path, context: context))
    }

    /// Where a job's finished file is.
    private enum Stored {
        /// A regular file inside the library.
        case local(FinishedFile)
        /// An object (`s3://bucket/key`).
        case object(String)
    }

    /// A job's finished file: an object, or a local file checked to be a regular file inside the library.
    private func finishedFile(of id: JobID, context: SpoolRequestContext) async throws -> Stored {
        guard let job = try await store.job(id) else { throw SpoolError.jobNotFound(id) }
        guard let outputPath = job.outputPath, job.state == .complete || !ObjectLocation.isObjectPath(outputPath) else {
            throw SpoolError(.notFound, "job \(id) has no finished file")
        }
        if ObjectLocation.isObjectPath(outputPath) {
            return .object(outputPath)
        }
        guard let libraryRoot else { throw SpoolError(.notFound, "job \(id) has no finished file") }
        guard let file = FinishedFile(path: outputPath, libraryRoot: libraryRoot) else {
            context.logger.warning("finished file is missing or outside the library", metadata: ["job.id": .string(id.rawValue)])
            throw SpoolError(.notFound, "the finished file of job \(id) is no longer in the library")
        }
        return .local(file)
    }

    /// `?expires=`: seconds a link lives, 3600 by default, at most 7 days.
    static func lifetime(_ query: QueryParameters) throws -> Int {
        guard let text = try query.nonEmpty("expires", maxLength: 20) else { return 3600 }
        guard let seconds = Int(text), seconds >= 1 else {
            throw SpoolError(.invalidInput, "expires must be a number of seconds from 1 to \(maxLifetime) (7 days)")
        }
        guard seconds <= maxLifetime else {
            throw SpoolError(.invalidInput, "expires may be at most \(maxLifetime) seconds (7 days), the longest a presigned link can live; got \(seconds)")
        }
        return seconds
    }
}
