import Foundation
import NIOHTTP1
import SpoolAPIModels

extension SpoolClient {
    /// `POST /api/auth/login`: exchanges a user name and password for a session token.
    ///
    /// - Throws: ``ClientError`` — auth for a wrong password, general (`rate_limited`) after too many tries.
    public func login(username: String, password: String) async throws -> LoginResponse {
        let body = try ClientJSON.encode(LoginRequest(username: username, password: password))
        do {
            return try await send(.POST, "/api/auth/login", json: body, authenticated: false, as: LoginResponse.self)
        } catch var error as ClientError where error.status == 401 {
            error.message = "wrong user name or password"
            throw error
        }
    }

    /// `POST /api/auth/logout`: ends the session of the current token.
    public func logout() async throws {
        _ = try await send(.POST, "/api/auth/logout")
    }

    /// `GET /api/tokens`: the current user's tokens (never their secrets).
    public func tokens() async throws -> [TokenDTO] {
        try await send(.GET, "/api/tokens", as: TokenListResponse.self).tokens
    }

    /// `POST /api/tokens`: creates a named API token; its secret is returned only here.
    public func createToken(name: String) async throws -> CreateTokenResponse {
        try await send(.POST, "/api/tokens", json: ClientJSON.encode(CreateTokenRequest(name: name)), as: CreateTokenResponse.self)
    }

    /// `DELETE /api/tokens/:id`: revokes a token.
    public func revokeToken(id: String) async throws {
        _ = try await send(.DELETE, "/api/tokens/" + Self.encode(id))
    }
}
