import Testing

/// One named check of a conformance suite, runnable against any backend through a factory.
///
/// A backend's test target runs a whole suite as one parameterized test, one case per check:
///
/// ```swift
/// @Test(arguments: QueueDriverConformance.checks)
/// func queueDriver(_ check: ConformanceCheck<QueueDriverConformance.Factory>) async throws {
///     try await check.run { try await makeDriver() }
/// }
/// ```
public struct ConformanceCheck<Factory: Sendable>: Sendable, CustomStringConvertible, CustomTestStringConvertible {
    /// The check's name (its function name in the suite).
    public let name: String
    private let body: @Sendable (Factory) async throws -> Void

    /// Creates a check.
    public init(_ name: String, _ body: @escaping @Sendable (Factory) async throws -> Void) {
        self.name = name
        self.body = body
    }

    /// Runs the check; failures are recorded as Swift Testing issues or thrown.
    public func run(_ factory: Factory) async throws {
        try await body(factory)
    }

    /// The name.
    public var description: String { name }

    /// The name, as shown in test results.
    public var testDescription: String { name }
}
