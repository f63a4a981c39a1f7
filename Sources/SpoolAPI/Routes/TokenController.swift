import Hummingbird
import SpoolAPIModels
import SpoolCore

/// `/api/tokens`: list, create and revoke the caller's tokens.
struct TokenController: Sendable {
    let auth: AuthService
    let maxBodyBytes: Int

    /// Registers the routes on the authenticated `/api` group.
    func addRoutes(to group: RouterGroup<SpoolRequestContext>) {
        group.get("tokens", use: list)
            .post("tokens", use: create)
            .delete("tokens/:id", use: revoke)
    }

    @Sendable func list(_ request: Request, context: SpoolRequestContext) async throws -> TokenListResponse {
        let identity = try context.requireIdentity()
        return TokenListResponse(tokens: try await auth.tokens(of: identity.user).map(TokenDTO.init))
    }

    @Sendable func create(_ request: Request, context: SpoolRequestContext) async throws -> EditedResponse<CreateTokenResponse> {
        let identity = try context.requireIdentity()
        let body = try await request.decodeJSON(CreateTokenRequest.self, limit: maxBodyBytes)
        let issued = try await auth.issueToken(for: identity.user, name: body.name, kind: .api)
        context.audit?.setTarget(id: issued.record.id)
        context.audit?.note("name", .string(issued.record.name))
        context.logger.info("API token created", metadata: ["token.id": .string(issued.record.id)])
        return EditedResponse(status: .created, response: CreateTokenResponse(id: issued.record.id, name: issued.record.name, token: issued.token))
    }

    @Sendable func revoke(_ request: Request, context: SpoolRequestContext) async throws -> HTTPResponse.Status {
        let identity = try context.requireIdentity()
        let id = try context.parameters.require("id")
        try await auth.revoke(tokenID: id, by: identity.user)
        context.logger.info("token revoked", metadata: ["token.id": .string(String(id.prefix(32)))])
        return .noContent
    }
}
