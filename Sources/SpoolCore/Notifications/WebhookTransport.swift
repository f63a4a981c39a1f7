import Foundation

/// Sends signed webhook requests (Standard Webhooks) and checks their targets against the
/// address policy (link-local and metadata addresses are refused unless allowed).
public protocol WebhookTransport: Sendable {
    /// Refuses a target the address policy forbids (after resolving its host).
    ///
    /// - Throws: ``SpoolError`` `.invalidURL` naming the reason.
    func checkTarget(_ url: String) async throws

    /// One attempt: checks the target, signs `body` with `secret` for `messageID` and the current
    /// time, POSTs it and reports what came back. Never throws: failures are in the result.
    func send(url: String, messageID: String, body: String, secret: String) async -> WebhookAttempt
}
