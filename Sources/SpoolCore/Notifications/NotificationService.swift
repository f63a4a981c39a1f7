import Foundation

/// The use cases behind `/api/webhooks` and the CLI's `spool webhooks`: subscriptions (created
/// with a generated secret, checked against the address policy), the delivery log and the test
/// message. Job-scoped subscriptions (seed 003's `notification_webhook`) come from
/// ``subscribe(jobs:url:)``.
public struct NotificationService: Sendable {
    /// Subscriptions and deliveries.
    public let store: any NotificationStore
    /// Signs and sends, and checks targets.
    public let transport: any WebhookTransport
    /// The time stamped on subscriptions and deliveries.
    public let clock: any WallClock

    /// Creates the service.
    public init(store: any NotificationStore, transport: any WebhookTransport, clock: any WallClock = SystemWallClock()) {
        self.store = store
        self.transport = transport
        self.clock = clock
    }

    /// What a new subscription asks for.
    public struct Draft: Sendable, Hashable {
        /// The endpoint.
        public var url: String
        /// The events (nil: all).
        public var events: Set<NotificationEventType>?
        /// Only these sources (nil: any).
        public var sourceIDs: [Int64]?
        /// Only these jobs (nil: any).
        public var jobIDs: [JobID]?
        /// The secret; nil generates one.
        public var secret: String?
        /// A description.
        public var description: String?
        /// Whether it starts enabled.
        public var enabled: Bool

        /// Creates a draft.
        public init(
            url: String, events: Set<NotificationEventType>? = nil, sourceIDs: [Int64]? = nil, jobIDs: [JobID]? = nil, secret: String? = nil,
            description: String? = nil, enabled: Bool = true
        ) {
            self.url = url
            self.events = events
            self.sourceIDs = sourceIDs
            self.jobIDs = jobIDs
            self.secret = secret
            self.description = description
            self.enabled = enabled
        }
    }

    /// Changes to a subscription; nil fields stay as they are.
    public struct Changes: Sendable, Hashable {
        /// A new endpoint.
        public var url: String?
        /// New events (`.some(nil)`: all).
        public var events: Set<NotificationEventType>??
        /// New source filter (`.some(nil)`: any).
        public var sourceIDs: [Int64]??
        /// Enables (clearing the disabled reason) or disables.
        public var enabled: Bool?
        /// A new description.
        public var description: String?

        /// Creates changes.
        public init(url: String? = nil, events: Set<NotificationEventType>?? = nil, sourceIDs: [Int64]?? = nil, enabled: Bool? = nil, description: String? = nil) {
            self.url = url
            self.events = events
            self.sourceIDs = sourceIDs
            self.enabled = enabled
            self.description = description
        }
    }

    /// Every subscription, oldest first.
    public func list() async throws -> [WebhookSubscription] {
        try await store.subscriptions()
    }

    /// The subscription `id`; throws `not_found`.
    public func subscription(_ id: String) async throws -> WebhookSubscription {
        guard let subscription = try await store.subscription(id) else {
            throw SpoolError(.notFound, "webhook \(id.prefix(40)) does not exist")
        }
        return subscription
    }

    /// Validates and stores a new subscription (its secret generated unless given).
    ///
    /// - Throws: `invalid_url` for a URL that is not http(s) or that the address policy refuses,
    ///   `invalid_input` for a bad secret or filter.
    public func create(_ draft: Draft) async throws -> WebhookSubscription {
        try await check(url: draft.url)
        if let secret = draft.secret { _ = try WebhookSecret.key(of: secret) }
        if let sources = draft.sourceIDs, sources.isEmpty || sources.count > 1_000 {
            throw SpoolError(.invalidInput, "sourceIds needs 1 to 1000 ids (leave it out for every source)")
        }
        if let jobs = draft.jobIDs, jobs.isEmpty || jobs.count > 10_000 {
            throw SpoolError(.invalidInput, "jobIds needs 1 to 10000 ids (leave it out for every job)")
        }
        if let events = draft.events, events.isEmpty {
            throw SpoolError(.invalidInput, "events needs at least one event (leave it out for every event)")
        }
        if let description = draft.description, description.count > 200 {
            throw SpoolError(.invalidInput, "description is longer than 200 characters")
        }
        let subscription = WebhookSubscription(
            url: draft.url, events: draft.events, sourceIDs: draft.sourceIDs, jobIDs: draft.jobIDs,
            secret: draft.secret ?? WebhookSecret.generate(), enabled: draft.enabled, disabledReason: draft.enabled ? nil : "disabled by a user",
            description: draft.description, createdAt: clock.now
        )
        try await store.saveSubscription(subscription)
        return subscription
    }

    /// A one-off subscription for some jobs (seed 003's per-job `notification_webhook`): every
    /// event about them goes to `url` from now on, signed with `secret` (`whsec_…`; generated when
    /// nil — then only the endpoint's owner cannot verify, so callers that can should pass one).
    public func subscribe(jobs: [JobID], url: String, events: Set<NotificationEventType>? = nil, secret: String? = nil) async throws -> WebhookSubscription {
        try await create(Draft(
            url: url, events: events, jobIDs: jobs, secret: secret, description: "for \(jobs.count == 1 ? "job \(jobs[0])" : "\(jobs.count) jobs")"
        ))
    }

    /// Applies `changes` to subscription `id`.
    public func update(_ id: String, _ changes: Changes) async throws -> WebhookSubscription {
        var subscription = try await subscription(id)
        if let url = changes.url {
            try await check(url: url)
            subscription.url = url
        }
        if let events = changes.events {
            if let events, events.isEmpty { throw SpoolError(.invalidInput, "events needs at least one event (null for every event)") }
            subscription.events = events
        }
        if let sources = changes.sourceIDs {
            if let sources, sources.isEmpty { throw SpoolError(.invalidInput, "sourceIds needs at least one id (null for every source)") }
            subscription.sourceIDs = sources
        }
        if let enabled = changes.enabled {
            subscription.enabled = enabled
            subscription.disabledReason = enabled ? nil : "disabled by a user"
        }
        if let description = changes.description {
            guard description.count <= 200 else { throw SpoolError(.invalidInput, "description is longer than 200 characters") }
            subscription.description = description.isEmpty ? nil : description
        }
        try await store.saveSubscription(subscription)
        return subscription
    }

    /// Deletes subscription `id` and its delivery log; throws `not_found`.
    public func delete(_ id: String) async throws {
        guard try await store.deleteSubscription(id) else {
            throw SpoolError(.notFound, "webhook \(id.prefix(40)) does not exist")
        }
    }

    /// The delivery log of subscription `id`, newest first.
    public func deliveries(of id: String, limit: Int = 50) async throws -> [WebhookDelivery] {
        _ = try await subscription(id)
        return try await store.deliveries(subscriptionID: id, limit: limit)
    }

    /// Sends a `test` message to subscription `id` now (one attempt, even when it is disabled) and
    /// returns the logged delivery with its status. A 410 disables the subscription as usual.
    public func sendTest(_ id: String) async throws -> WebhookDelivery {
        var subscription = try await subscription(id)
        let message = NotificationMapping.testMessage(at: clock.now)
        var (delivery, _) = try await store.createDelivery(WebhookDelivery(
            subscriptionID: id, eventID: nil, eventType: .test, body: message.body(), createdAt: clock.now
        ))
        let attempt = await transport.send(url: subscription.url, messageID: delivery.id, body: delivery.body, secret: subscription.secret)
        delivery.record(attempt, at: clock.now)
        switch attempt.verdict(afterAttempt: 1, schedule: WebhookRetrySchedule(delays: [])) {
        case .delivered:
            delivery.state = .delivered
        case .disable(let reason):
            delivery.state = .failed
            subscription.enabled = false
            subscription.disabledReason = reason
            try await store.saveSubscription(subscription)
        case .retry, .giveUp:
            delivery.state = .failed
        }
        try await store.updateDelivery(delivery)
        return delivery
    }

    /// Checks a webhook URL: http(s), a host, at most 2048 characters, allowed by the address policy.
    ///
    /// - Throws: ``SpoolError`` `.invalidURL` naming what is wrong.
    public func check(url: String) async throws {
        guard url.count <= 2_048, let components = URLComponents(string: url), let scheme = components.scheme?.lowercased(),
              scheme == "http" || scheme == "https", let host = components.host, !host.isEmpty
        else {
            throw SpoolError(.invalidURL, "a webhook URL is an http:// or https:// URL with a host, at most 2048 characters")
        }
        try await transport.checkTarget(url)
    }
}

extension WebhookDelivery {
    /// Records one attempt's result (count, status, error, time).
    public mutating func record(_ attempt: WebhookAttempt, at time: Date) {
        attempts += 1
        lastStatus = attempt.status
        lastError = attempt.error ?? attempt.status.flatMap { (200..<300).contains($0) ? nil : "HTTP \($0)" }
        lastAttemptAt = time
        nextAttemptAt = nil
    }
}
