import Foundation
import NIOHTTP1
import SpoolAPIModels
import SpoolCore

extension SpoolClient {
    /// `GET /api/webhooks`: every subscription with its last delivery.
    public func webhooks() async throws -> [WebhookDTO] {
        try await send(.GET, "/api/webhooks", as: WebhookListResponse.self).webhooks
    }

    /// `POST /api/webhooks`: a new subscription and its secret (shown only now).
    public func createWebhook(_ request: CreateWebhookRequest) async throws -> CreateWebhookResponse {
        try await send(.POST, "/api/webhooks", json: ClientJSON.encode(request), as: CreateWebhookResponse.self)
    }

    /// `DELETE /api/webhooks/:id`.
    public func deleteWebhook(_ id: String) async throws {
        _ = try await send(.DELETE, "/api/webhooks/" + Self.encode(id))
    }

    /// `POST /api/webhooks/:id/test`: sends a `test` message now; returns its delivery.
    public func testWebhook(_ id: String) async throws -> WebhookDeliveryDTO {
        try await send(.POST, "/api/webhooks/" + Self.encode(id) + "/test", timeout: .seconds(60), as: WebhookDeliveryDTO.self)
    }

    /// `GET /api/webhooks/:id/deliveries`: the delivery log, newest first.
    public func webhookDeliveries(_ id: String, limit: Int = 50) async throws -> [WebhookDeliveryDTO] {
        try await send(.GET, "/api/webhooks/" + Self.encode(id) + "/deliveries", query: [("limit", String(limit))], as: WebhookDeliveryListResponse.self).deliveries
    }
}
