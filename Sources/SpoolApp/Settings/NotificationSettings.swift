import Logging
import SpoolCore
import SpoolNotify

/// Notifications: webhook delivery (timeouts, retries, the address policy, how long the delivery
/// log is kept), the done-scripts and Apprise.
public struct NotificationSettings: Sendable {
    /// How long one webhook attempt may take (WEBHOOK_TIMEOUT, default 15s).
    public var webhookTimeout: Duration = .seconds(15)
    /// The waits between attempts (WEBHOOK_RETRY_DELAYS, comma-separated durations; default
    /// Standard Webhooks' 5s,5m,30m,2h,5h,10h,14h,20h,24h).
    public var retries = WebhookRetrySchedule()
    /// Targets the address policy lets through whatever their address (WEBHOOK_ALLOWED_HOSTS,
    /// comma-separated host names or addresses).
    public var allowedHosts: Set<String> = []
    /// Refuse loopback and private networks too (WEBHOOK_BLOCK_PRIVATE, default false).
    public var blockPrivate = false
    /// How long settled deliveries stay in the log (WEBHOOK_DELIVERY_RETENTION, default 30d).
    public var deliveryRetention: Duration = .seconds(30 * 86_400)
    /// Deliveries and maintenance tasks run at once on `q:generic` by one worker (NOTIFICATION_CONCURRENCY, default 4).
    public var concurrency = 4
    /// The command run when a job completes (DONE_SCRIPT): a path, run without a shell or arguments.
    public var doneScript: String?
    /// The command run when a job fails (FAILED_SCRIPT), with the same variables.
    public var failedScript: String?
    /// How long a script (or `apprise`) may run before it is killed (DONE_SCRIPT_TIMEOUT, default 60s).
    public var scriptTimeout: Duration = .seconds(60)
    /// Apprise URLs (APPRISE_URLS, separated by spaces or commas); empty turns Apprise off.
    public var appriseURLs: [String] = []
    /// The events sent to Apprise (APPRISE_EVENTS; default `job.completed,job.failed,source.new_media`; `all` for every one).
    public var appriseEvents: Set<NotificationEventType> = [.jobCompleted, .jobFailed, .sourceNewMedia]
    /// The `apprise` command (APPRISE_PATH, default `apprise` on PATH).
    public var apprisePath = "apprise"

    /// Defaults.
    public init() {}

    init(reader: EnvironmentReader) throws {
        webhookTimeout = try reader.duration("WEBHOOK_TIMEOUT") ?? webhookTimeout
        if let text = reader.string("WEBHOOK_RETRY_DELAYS") {
            let delays = text.split(whereSeparator: { $0 == "," || $0 == " " }).map { EnvironmentReader.parseDuration(String($0)) }
            guard delays.allSatisfy({ $0 != nil }) else {
                throw ConfigurationError(variable: "WEBHOOK_RETRY_DELAYS", message: "must be durations separated by commas, like 5s,5m,30m, got '\(text)'")
            }
            retries = WebhookRetrySchedule(delays: delays.compactMap { $0 })
        }
        allowedHosts = Set((reader.string("WEBHOOK_ALLOWED_HOSTS") ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }.filter { !$0.isEmpty })
        blockPrivate = try reader.bool("WEBHOOK_BLOCK_PRIVATE") ?? blockPrivate
        deliveryRetention = try reader.duration("WEBHOOK_DELIVERY_RETENTION") ?? deliveryRetention
        concurrency = try reader.int("NOTIFICATION_CONCURRENCY", range: 1...64) ?? concurrency
        doneScript = reader.string("DONE_SCRIPT")
        failedScript = reader.string("FAILED_SCRIPT")
        scriptTimeout = try reader.duration("DONE_SCRIPT_TIMEOUT") ?? scriptTimeout
        appriseURLs = (reader.string("APPRISE_URLS") ?? "").split(whereSeparator: { $0 == "," || $0 == " " }).map(String.init)
        if let events = reader.string("APPRISE_EVENTS") {
            do {
                appriseEvents = try NotificationEventType.parseList(events) ?? Set(NotificationEventType.subscribable)
            } catch let error as SpoolError {
                throw ConfigurationError(variable: "APPRISE_EVENTS", message: error.message)
            }
        }
        apprisePath = reader.string("APPRISE_PATH") ?? apprisePath
    }

    /// The address policy.
    var addressPolicy: WebhookAddressPolicy {
        WebhookAddressPolicy(configuration: .init(allowedHosts: allowedHosts, blockPrivate: blockPrivate))
    }

    /// Signs and sends webhooks under the address policy and timeout (the workers' deliveries and
    /// the API's test messages).
    func webhookTransport(logger: Logger) -> HTTPWebhookTransport {
        HTTPWebhookTransport(policy: addressPolicy, configuration: .init(timeout: webhookTimeout), logger: logger)
    }

    /// The built-in channels and their events, for the dispatcher.
    var channels: [String: Set<NotificationEventType>] {
        var channels: [String: Set<NotificationEventType>] = [:]
        if doneScript != nil { channels[WebhookDelivery.doneScriptChannel] = [.jobCompleted] }
        if failedScript != nil { channels[WebhookDelivery.failedScriptChannel] = [.jobFailed] }
        if !appriseURLs.isEmpty { channels[WebhookDelivery.appriseChannel] = appriseEvents }
        return channels
    }
}
