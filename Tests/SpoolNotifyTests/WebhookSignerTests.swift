import Foundation
import SpoolCore
import SpoolNotify
import Testing

@Suite("Standard Webhooks signatures")
struct WebhookSignerTests {
    /// Computed with the `standardwebhooks` PyPI package 1.3.0:
    /// `Webhook(secret).sign("msg_2b8d5c0e9f1a4c6e8d0b2a41", datetime.fromtimestamp(1796600869, utc), body)`.
    @Test func signatureMatchesTheReferenceLibrary() throws {
        let secret = "whsec_AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="
        let body = #"{"data":{"id":"0f4a","state":"COMPLETE"},"timestamp":"2026-12-06T21:47:49.000Z","type":"job.completed"}"#
        let signature = try WebhookSigner.signature(messageID: "msg_2b8d5c0e9f1a4c6e8d0b2a41", timestamp: 1_796_600_869, body: body, secret: secret)
        #expect(signature == "v1,b/aHY58WlXae/7uFBmqeZomOvUho3b7h1k3/4IaD798=")
    }

    @Test func headersCarryIdTimestampAndSignature() throws {
        let secret = WebhookSecret.generate()
        let headers = try WebhookSigner.headers(messageID: "msg_1", timestamp: 42, body: "{}", secret: secret)
        #expect(headers.map(\.name) == ["webhook-id", "webhook-timestamp", "webhook-signature"])
        #expect(headers[0].value == "msg_1")
        #expect(headers[1].value == "42")
        #expect(headers[2].value.hasPrefix("v1,"))
        #expect(headers[2].value != (try WebhookSigner.signature(messageID: "msg_1", timestamp: 43, body: "{}", secret: secret)), "the timestamp is signed")
    }

    @Test(arguments: ["", "whsec_", "whsec_not base64!", "whsec_" + Data(count: 8).base64EncodedString(), "secret_" + Data(count: 32).base64EncodedString()])
    func malformedSecretsAreRefused(_ secret: String) {
        #expect(throws: SpoolError.self) { try WebhookSigner.signature(messageID: "msg_1", timestamp: 1, body: "{}", secret: secret) }
    }

    @Test func generatedSecretsAreWhsecWithThirtyTwoBytes() throws {
        let secret = WebhookSecret.generate()
        #expect(secret.hasPrefix("whsec_"))
        #expect(try WebhookSecret.key(of: secret).count == 32)
        #expect(secret != WebhookSecret.generate())
    }
}
