import Hummingbird
import SpoolAPIModels
import SpoolCore

/// `/api/webhooks`: Standard Webhooks subscriptions, their delivery log and test messages.
/// Admins only (declared in `openapi.yaml`, enforced by ``AccessPolicyMiddleware``).
struct WebhookController: Sendable {
    let service: NotificationService
    let maxBodyBytes: Int

    /// Registers the routes on a group mounted at `/api/webhooks`.
    func addRoutes(to group: RouterGroup<SpoolRequestContext>) {
        group.get(use: list)
            .post(use: create)
            .get(":id", use: show)
            .patch(":id", use: update)
            .delete(":id", use: delete)
            .post(":id/test", use: test)
            .get(":id/deliveries", use: deliveries)
    }

    @Sendable func list(_ request: Request, context: SpoolRequestContext) async throws -> WebhookListResponse {
        _ = try context.requireIdentity()
        var webhooks: [WebhookDTO] = []
        for subscription in try await service.list() {
            webhooks.append(WebhookDTO(subscription, lastDelivery: try await service.store.deliveries(subscriptionID: subscription.id, limit: 1).first))
        }
        return WebhookListResponse(webhooks: webhooks)
    }

    @Sendable func create(_ request: Request, context: SpoolRequestContext) async throws -> EditedResponse<CreateWebhookResponse> {
        let body = try await request.decodeJSON(CreateWebhookRequest.self, limit: maxBodyBytes)
        let subscription = try await service.create(try body.draft())
        context.audit?.setTarget(id: subscription.id)
        context.logger.info("webhook created", metadata: ["webhook.id": .string(subscription.id)])
        return EditedResponse(status: .created, response: CreateWebhookResponse(webhook: WebhookDTO(subscription), secret: subscription.secret))
    }

    @Sendable func show(_ request: Request, context: SpoolRequestContext) async throws -> WebhookDTO {
        _ = try context.requireIdentity()
        let subscription = try await service.subscription(try context.parameters.require("id"))
        return WebhookDTO(subscription, lastDelivery: try await service.store.deliveries(subscriptionID: subscription.id, limit: 1).first)
    }

    @Sendable func update(_ request: Request, context: SpoolRequestContext) async throws -> WebhookDTO {
        let id = try context.parameters.require("id")
        let body = try await request.decodeJSON(UpdateWebhookRequest.self, limit: maxBodyBytes)
        let subscription = try await service.update(id, body.changes)
        context.logger.info("webhook changed", metadata: ["webhook.id": .string(subscription.id)])
        return WebhookDTO(subscription, lastDelivery: try await service.store.deliveries(subscriptionID: subscription.id, limit: 1).first)
    }

    @Sendable func delete(_ request: Request, context: SpoolRequestContext) async throws -> HTTPResponse.Status {
        let id = try context.parameters.require("id")
        try await service.delete(id)
        context.logger.info("webhook deleted", metadata: ["webhook.id": .string(String(id.prefix(40)))])
        return .noContent
    }

    @Sendable func test(_ request: Request, context: SpoolRequestContext) async throws -> WebhookDeliveryDTO {
        return WebhookDeliveryDTO(try await service.sendTest(try context.parameters.require("id")))
    }

    @Sendable func deliveries(_ request: Request, context: SpoolRequestContext) async throws -> WebhookDeliveryListResponse {
        _ = try context.requireIdentity()
        let limit = try QueryParameters(request).int("limit", default: 50, in: 1...500)
        let list = try await service.deliveries(of: try context.parameters.require("id"), limit: limit)
        return WebhookDeliveryListResponse(deliveries: list.map(WebhookDeliveryDTO.init))
    }
}
