import Foundation
import Logging
import SpoolCore
import SpoolQueue

/// Makes the deliveries queued on `q:generic`: one attempt per claim, recorded in the delivery
/// log. Webhooks retry on ``WebhookRetrySchedule`` (the entry waits in the queue until its next
/// attempt, so a restart keeps it), a 410 disables the subscription; a done-script runs once, its
/// failure logged to the job's log and the server log but never failing the job; Apprise retries
/// up to ``Configuration/appriseAttempts`` times.
public struct NotificationDeliveryHandler: StageHandler {
    /// The built-in channels and the retry table.
    public struct Configuration: Sendable {
        /// Waits between webhook attempts (WEBHOOK_RETRY_DELAYS).
        public var retries: WebhookRetrySchedule
        /// The command run when a job completes (DONE_SCRIPT).
        public var doneScript: String?
        /// The command run when a job fails (FAILED_SCRIPT).
        public var failedScript: String?
        /// How long a script may run (DONE_SCRIPT_TIMEOUT).
        public var scriptTimeout: Duration
        /// The `apprise` command.
        public var apprise: String
        /// The Apprise URLs (APPRISE_URLS).
        public var appriseURLs: [String]
        /// Attempts at an Apprise message.
        public var appriseAttempts: Int
        /// Spool's version, for `TR_APP_VERSION`.
        public var version: String
        /// The library root, for the absolute `SPOOL_FILE`.
        public var libraryRoot: String

        /// Creates settings.
        public init(
            retries: WebhookRetrySchedule = .init(), doneScript: String? = nil, failedScript: String? = nil, scriptTimeout: Duration = .seconds(60),
            apprise: String = "apprise", appriseURLs: [String] = [], appriseAttempts: Int = 3, version: String = "0", libraryRoot: String = "/"
        ) {
            self.retries = retries
            self.doneScript = doneScript
            self.failedScript = failedScript
            self.scriptTimeout = scriptTimeout
            self.apprise = apprise
            self.appriseURLs = appriseURLs
            self.appriseAttempts = appriseAttempts
            self.version = version
            self.libraryRoot = libraryRoot
        }
    }

    let notifications: any NotificationStore
    let jobs: JobService
    let transport: any WebhookTransport
    let runner: any HookCommandRunner
    let configuration: Configuration
    let logger: Logger

    /// Creates the handler.
    public init(
        notifications: any NotificationStore, jobs: JobService, transport: any WebhookTransport, runner: any HookCommandRunner,
        configuration: Configuration, logger: Logger
    ) {
        self.notifications = notifications
        self.jobs = jobs
        self.transport = transport
        self.runner = runner
        self.configuration = configuration
        self.logger = logger
    }

    var clock: any WallClock { jobs.clock }

    /// Makes one attempt at the claimed delivery and settles the entry: completed when the
    /// delivery is settled, released until its next attempt otherwise.
    public func handle(_ lease: LeaseContext) async {
        do {
            guard let task = try? lease.task(as: NotificationDeliveryTask.self), var delivery = try await notifications.delivery(task.delivery),
                  delivery.state == .pending
            else {
                try await lease.complete()
                return
            }
            let retry: Duration? = switch delivery.subscriptionID {
            case WebhookDelivery.doneScriptChannel, WebhookDelivery.failedScriptChannel: try await runScript(&delivery)
            case WebhookDelivery.appriseChannel: try await sendApprise(&delivery)
            default: try await sendWebhook(&delivery)
            }
            if Task.isCancelled, delivery.state == .pending {
                // Shutdown in the middle: the attempt may not have finished; try again at once after restart.
                if !lease.isLost { try await lease.release(delay: .zero) }
                return
            }
            if let retry, delivery.state == .pending {
                delivery.nextAttemptAt = clock.now.addingTimeInterval(retry.timeInterval)
                try await notifications.updateDelivery(delivery)
                try await lease.release(delay: retry)
            } else {
                try await notifications.updateDelivery(delivery)
                try await lease.complete()
            }
        } catch {
            logger.warning("notification delivery failed", metadata: ["queue.key": "\(lease.key)", "error": "\(error)"])
            if !lease.isSettled, !lease.isLost { try? await lease.release(delay: .seconds(30)) }
        }
    }

    /// One webhook attempt; returns the wait before the next one, if any.
    private func sendWebhook(_ delivery: inout WebhookDelivery) async throws -> Duration? {
        guard var subscription = try await notifications.subscription(delivery.subscriptionID), subscription.enabled else {
            delivery.state = .failed
            delivery.lastError = "the webhook was disabled or deleted before the delivery"
            return nil
        }
        let attempt = await transport.send(url: subscription.url, messageID: delivery.id, body: delivery.body, secret: subscription.secret)
        if Task.isCancelled, attempt.status == nil { return nil }
        delivery.record(attempt, at: clock.now)
        let metadata: Logger.Metadata = [
            "webhook.id": "\(subscription.id)", "webhook.message_id": "\(delivery.id)", "notification.type": "\(delivery.eventType.rawValue)",
            "webhook.attempt": "\(delivery.attempts)", "http.status": "\(attempt.status.map(String.init) ?? "-")",
        ]
        switch attempt.verdict(afterAttempt: delivery.attempts, schedule: configuration.retries) {
        case .delivered:
            delivery.state = .delivered
            logger.debug("webhook delivered", metadata: metadata)
            return nil
        case .disable(let reason):
            delivery.state = .failed
            subscription.enabled = false
            subscription.disabledReason = reason
            try await notifications.saveSubscription(subscription)
            logger.warning("webhook disabled: \(reason)", metadata: metadata)
            return nil
        case .retry(let after):
            logger.info("webhook attempt failed; retrying in \(after)", metadata: metadata.merging(["error": "\(delivery.lastError ?? "")"]) { $1 })
            return after
        case .giveUp:
            delivery.state = .failed
            logger.warning("webhook delivery given up", metadata: metadata.merging(["error": "\(delivery.lastError ?? "")"]) { $1 })
            return nil
        }
    }

    /// Runs the done- or failed-script once for the job the delivery is about.
    private func runScript(_ delivery: inout WebhookDelivery) async throws -> Duration? {
        let script = delivery.subscriptionID == WebhookDelivery.doneScriptChannel ? configuration.doneScript : configuration.failedScript
        let jobID = Self.jobID(in: delivery)
        guard let script, let jobID, let job = try await jobs.store.job(jobID) else {
            delivery.state = .failed
            delivery.lastError = script == nil ? "no script is configured any more" : "the job is gone"
            return nil
        }
        let file = job.outputPath.map { $0.hasPrefix("/") ? $0 : (configuration.libraryRoot as NSString).appendingPathComponent($0) }
        let bytes = file.flatMap { (try? FileManager.default.attributesOfItem(atPath: $0))?[.size] as? NSNumber }?.int64Value
        let environment = HookEnvironment.variables(for: job, version: configuration.version, libraryRoot: configuration.libraryRoot, fileBytes: bytes, at: clock.now)
        let result = await runner.run(executable: script, arguments: [], environment: environment, timeout: configuration.scriptTimeout)
        if Task.isCancelled, !result.succeeded { return nil }
        delivery.attempts += 1
        delivery.lastAttemptAt = clock.now
        delivery.lastStatus = result.exitCode.map(Int.init)
        let name = (script as NSString).lastPathComponent
        if result.succeeded {
            delivery.state = .delivered
            delivery.lastError = nil
            try await jobLog(jobID, .info, "\(name) finished")
        } else {
            delivery.state = .failed
            delivery.lastError = result.summary
            logger.warning("script \(name) failed: \(result.summary)", metadata: ["job.id": "\(jobID)"])
            try await jobLog(jobID, .warning, "\(name) failed (the job is not affected): \(result.summary)")
        }
        return nil
    }

    /// Sends the delivery through `apprise -t <title> -b <body>`, the URLs in its environment
    /// (`APPRISE_URLS`), so that the secrets they hold never show in the process list.
    private func sendApprise(_ delivery: inout WebhookDelivery) async throws -> Duration? {
        guard !configuration.appriseURLs.isEmpty, let message = Self.message(of: delivery) else {
            delivery.state = .failed
            delivery.lastError = "no Apprise URL is configured any more"
            return nil
        }
        let result = await runner.run(
            executable: configuration.apprise, arguments: ["-t", message.title, "-b", message.text],
            environment: ["APPRISE_URLS": configuration.appriseURLs.joined(separator: " ")], timeout: configuration.scriptTimeout
        )
        if Task.isCancelled, !result.succeeded { return nil }
        delivery.attempts += 1
        delivery.lastAttemptAt = clock.now
        delivery.lastStatus = result.exitCode.map(Int.init)
        if result.succeeded {
            delivery.state = .delivered
            delivery.lastError = nil
            return nil
        }
        delivery.lastError = result.summary
        logger.warning("apprise failed: \(result.summary)", metadata: ["notification.type": "\(delivery.eventType.rawValue)"])
        guard delivery.attempts < configuration.appriseAttempts, let wait = configuration.retries.delay(afterAttempt: delivery.attempts) else {
            delivery.state = .failed
            return nil
        }
        return wait
    }

    private func jobLog(_ id: JobID, _ level: LogLevel, _ text: String) async throws {
        guard try await jobs.store.job(id) != nil else { return }
        for event in try await jobs.store.append([.log(id, level, text)]) {
            await jobs.events.publish(event)
        }
    }

    /// The job a delivery's body is about (`data.id`).
    static func jobID(in delivery: WebhookDelivery) -> JobID? {
        guard let body = try? JSONDecoder().decode(JSONValue.self, from: Data(delivery.body.utf8)), let id = body["data"]?["id"]?.stringValue else { return nil }
        return JobID(id)
    }

    /// The message a stored body holds (for Apprise's title and text).
    static func message(of delivery: WebhookDelivery) -> NotificationMessage? {
        guard let body = try? JSONDecoder().decode(JSONValue.self, from: Data(delivery.body.utf8)), let data = body["data"] else { return nil }
        return NotificationMessage(type: delivery.eventType, eventID: delivery.eventID, jobID: nil, sourceID: nil, timestamp: delivery.createdAt, data: data)
    }
}
