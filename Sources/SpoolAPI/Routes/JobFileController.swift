import Foundation
import Hummingbird
import SpoolAPIModels
import SpoolCore

/// A job's finished file: `GET /api/jobs/{id}/file-link` (with a token) returns a signed link, and
/// `GET /api/files/{id}?expires=&signature=` (without one) serves the file with byte ranges, so a
/// browser's `<video>` can play and seek it.
///
/// The path served is always the job's stored `outputPath`, and only when it resolves (symbolic
/// links followed) to a regular file inside the library root; a request never names a path.
struct JobFileController: Sendable {
    let store: any JobStore
    let signer: FileLinkSigner
    /// The library folder finished files live in; nil serves no files.
    let libraryRoot: String?
    let fileIO = FileIO()

    /// Registers the link route on the authenticated jobs group and the file route on the open `/api` group.
    func addRoutes(jobs: RouterGroup<SpoolRequestContext>, open: RouterGroup<SpoolRequestContext>) {
        jobs.get(":id/file-link", use: link)
        open.get("files/:id", use: file)
    }

    @Sendable func link(_ request: Request, context: SpoolRequestContext) async throws -> EditedResponse<FileLinkResponse> {
        let id = try JobController.jobID(context)
        let output = try await finishedFile(of: id, context: context)
        let link = signer.link(for: id)
        let body = FileLinkResponse(url: link.path, expiresAt: link.expiresAt, fileName: output.name, size: output.size, contentType: output.contentType)
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
        let output = try await finishedFile(of: id, context: context)
        let disposition = try query.bool("download", default: false) ? "attachment" : "inline"
        var headers: HTTPFields = [
            .contentType: output.contentType,
            .acceptRanges: "bytes",
            .eTag: output.eTag,
            .cacheControl: "private, max-age=3600",
            .contentDisposition: "\(disposition); filename*=UTF-8''\(Self.percentEncoded(output.name))",
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

    /// A job's finished file, checked to be a regular file inside the library.
    private func finishedFile(of id: JobID, context: SpoolRequestContext) async throws -> FinishedFile {
        guard let job = try await store.job(id) else { throw SpoolError.jobNotFound(id) }
        guard let outputPath = job.outputPath, let libraryRoot else {
            throw SpoolError(.notFound, "job \(id) has no finished file")
        }
        guard let file = FinishedFile(path: outputPath, libraryRoot: libraryRoot) else {
            context.logger.warning("finished file is missing or outside the library", metadata: ["job.id": .string(id.rawValue)])
            throw SpoolError(.notFound, "the finished file of job \(id) is no longer in the library")
        }
        return file
    }

    static func percentEncoded(_ name: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return name.addingPercentEncoding(withAllowedCharacters: allowed) ?? "file"
    }
}
