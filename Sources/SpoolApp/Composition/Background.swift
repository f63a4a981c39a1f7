import ServiceLifecycle

/// A long-running loop as a service: cancelled when the process shuts down.
struct Background: Service {
    let name: String
    let body: @Sendable () async throws -> Void

    init(_ name: String, _ body: @escaping @Sendable () async throws -> Void) {
        self.name = name
        self.body = body
    }

    func run() async throws {
        try await cancelWhenGracefulShutdown {
            try await body()
        }
    }
}

/// Runs `prepare`, then `services` side by side until shutdown: the process's own work, which
/// needs its backend ready (migrated) before it starts. Each inner service sees the group's
/// graceful shutdown.
struct AfterPreparation: Service {
    let prepare: @Sendable () async throws -> [any Service]

    func run() async throws {
        let services = try await prepare()
        try await withThrowingDiscardingTaskGroup { group in
            for service in services {
                group.addTask { try await service.run() }
            }
        }
    }
}
