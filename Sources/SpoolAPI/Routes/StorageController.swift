import Hummingbird
import SpoolAPIModels
import SpoolCore

/// `GET /api/storage`: the storage targets a job or a download profile may name as `storage`.
struct StorageController: Sendable {
    let targets: StorageTargets

    /// Registers the route on a group mounted at `/api/storage`.
    func addRoutes(to group: RouterGroup<SpoolRequestContext>) {
        group.get(use: list)
    }

    /// `local` and each configured target, with the default.
    @Sendable func list(_ request: Request, context: SpoolRequestContext) async throws -> StorageTargetsResponse {
        StorageTargetsResponse(targets)
    }
}
