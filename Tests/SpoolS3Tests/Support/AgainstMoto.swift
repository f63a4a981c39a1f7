import Testing

/// The suites that run against a real moto server on loopback, one after another: each test starts
/// its own server (≈1–2 s), and several dozen Python servers at once would crowd a small machine.
@Suite("Against moto's S3 server", .serialized)
enum AgainstMoto {}
