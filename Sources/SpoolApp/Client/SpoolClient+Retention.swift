import Foundation
import NIOHTTP1
import SpoolAPIModels

extension SpoolClient {
    /// `GET /api/retention`: what the retention of the library and of every source would delete now.
    public func retentionPlan() async throws -> RetentionReportResponse {
        try await send(.GET, "/api/retention", as: RetentionReportResponse.self)
    }

    /// `POST /api/retention`: deletes what the retention says now; answers with what was deleted.
    public func applyRetention() async throws -> RetentionReportResponse {
        try await send(.POST, "/api/retention", timeout: Self.retentionTimeout, as: RetentionReportResponse.self)
    }

    /// How long applying the retention may take (it deletes files one by one).
    static let retentionTimeout: Duration = .seconds(600)
}
