import Hummingbird
import Logging
import SpoolAPIModels
import SpoolCore

/// `/api/retention`: the retention of the whole library — the one-off jobs (`RETENTION_*`) and
/// every source with a retention. `GET` is the dry run, `POST` deletes now; both answer in the same
/// shape (``RetentionReportResponse``). Viewers may run the dry run only.
struct RetentionController: Sendable {
    let service: RetentionService

    /// Registers the routes on a group mounted at `/api/retention`.
    func addRoutes(to group: RouterGroup<SpoolRequestContext>) {
        group.get(use: plan)
            .post(use: apply)
    }

    /// `GET /api/retention`: what would be deleted now (each job's files, size and reason).
    @Sendable func plan(_ request: Request, context: SpoolRequestContext) async throws -> RetentionReportResponse {
        RetentionReportResponse(try await service.plan())
    }

    /// `POST /api/retention`: deletes what the rules say now and answers with what was deleted.
    @Sendable func apply(_ request: Request, context: SpoolRequestContext) async throws -> RetentionReportResponse {
        let report = try await service.apply()
        Self.log([report.library] + report.sources, to: context.logger)
        context.logger.info("retention applied", metadata: [
            "retention.deleted": .stringConvertible(report.deletions.count), "file.bytes": .stringConvertible(report.bytes),
        ])
        return RetentionReportResponse(report)
    }

    /// Writes each deletion to the server log (info, with its metadata) and each failure as a warning.
    static func log(_ scopes: [RetentionReport.Scope], to logger: Logger) {
        for scope in scopes {
            for deletion in scope.deletions {
                logger.info("\(deletion.logMessage())", metadata: deletion.logMetadata.mapValues { .string($0) })
            }
            for error in scope.errors {
                logger.warning("retention could not delete \(error)", metadata: ["retention.scope": .string(scope.name)])
            }
        }
    }
}
