import Foundation
import SpoolCore
import SpoolNotify
import Testing

@Suite("Webhook address policy")
struct WebhookAddressPolicyTests {
    /// Addresses refused by default, whatever else is configured.
    @Test(arguments: [
        "169.254.169.254", "169.254.1.1", "100.100.100.200", "0.0.0.0", "0.1.2.3", "255.255.255.255",
        "fe80::1", "febf::1", "fd00:ec2::254", "::", "::ffff:169.254.169.254",
    ])
    func refusedByDefault(_ address: String) throws {
        let ip = try #require(IPAddress.parse(address))
        #expect(WebhookAddressPolicy().refusal(of: ip) != nil, "\(address)")
    }

    /// Loopback, LAN and public addresses pass by default (a self-hosted Spool notifies its neighbours).
    @Test(arguments: ["127.0.0.1", "10.0.0.5", "172.16.3.4", "192.168.1.10", "100.64.0.1", "8.8.8.8", "::1", "fd12::1", "2001:db8::1", "fec0::1"])
    func allowedByDefault(_ address: String) throws {
        let ip = try #require(IPAddress.parse(address))
        #expect(WebhookAddressPolicy().refusal(of: ip) == nil, "\(address)")
    }

    /// WEBHOOK_BLOCK_PRIVATE refuses loopback and private networks too, not public addresses.
    @Test(arguments: [("127.0.0.1", true), ("10.1.2.3", true), ("172.31.0.1", true), ("172.32.0.1", false), ("192.168.0.1", true),
                      ("100.64.0.1", true), ("::1", true), ("fd12::1", true), ("8.8.8.8", false), ("2001:db8::1", false)])
    func blockPrivate(_ address: String, refused: Bool) throws {
        let ip = try #require(IPAddress.parse(address))
        let policy = WebhookAddressPolicy(configuration: .init(blockPrivate: true))
        #expect((policy.refusal(of: ip) != nil) == refused, "\(address)")
    }

    @Test func checkResolvesNamesAndHonoursAllowedHosts() async throws {
        let policy = WebhookAddressPolicy()
        try await policy.check("http://127.0.0.1:8080/hook")
        try await policy.check("http://localhost:8080/hook")
        await #expect(throws: SpoolError.self) { try await policy.check("http://169.254.169.254/latest/meta-data") }
        await #expect(throws: SpoolError.self) { try await policy.check("http://[fe80::1]:80/x") }
        let allowing = WebhookAddressPolicy(configuration: .init(allowedHosts: ["169.254.169.254"]))
        try await allowing.check("http://169.254.169.254/latest")
        let strict = WebhookAddressPolicy(configuration: .init(blockPrivate: true))
        await #expect(throws: SpoolError.self) { try await strict.check("http://localhost:8080/hook") }
        // A name that does not resolve now is not refused (it is checked again before each delivery).
        try await policy.check("http://spool-no-such-host.invalid/hook")
        #expect(await policy.evaluate("http://spool-no-such-host.invalid/hook") == .unresolved("cannot resolve the webhook host spool-no-such-host.invalid"))
        #expect(await policy.evaluate("http://169.254.169.254/") != .allowed)
        #expect(await policy.evaluate("http://127.0.0.1:1/") == .allowed)
    }
}
