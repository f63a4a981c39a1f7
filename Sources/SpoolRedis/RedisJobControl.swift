import Foundation
import Logging
import RESP
import SpoolCore

/// A ``JobControl`` that reaches every worker process: ``stop(_:reason:)`` publishes a stop
/// request on `<prefix>control`; each process's ``RedisControlListener`` hands it to its local
/// control (the worker's `RunningJobs`) and answers.
///
/// `stop` returns true as soon as a worker answers that it stopped the job; false when no
/// listener is connected, when every listener answered that the job does not run there, or when
/// no positive answer came within `replyTimeout`. Delivery is at most once (pub/sub): a worker
/// cut off from Redis misses the request, but the job's queue entry is removed or its state
/// changed by the caller, so that worker's next lease renewal fails and its handler is cancelled.
public struct RedisJobControl: JobControl {
    /// Channel and timing settings.
    public struct Configuration: Sendable {
        /// Prefix of the control channels (`spool:` gives `spool:control`).
        public var keyPrefix: String
        /// The longest wait for a worker's answer.
        public var replyTimeout: Duration

        /// Creates a configuration.
        public init(keyPrefix: String = "spool:", replyTimeout: Duration = .seconds(2)) {
            self.keyPrefix = keyPrefix
            self.replyTimeout = replyTimeout
        }

        /// The channel carrying stop requests.
        public var channel: String { keyPrefix + "control" }
    }

    private let client: any RedisClient
    private let subscriber: RedisSubscriber
    private let configuration: Configuration
    private let logger: Logger

    /// Creates a control; `subscriber` (run by the caller) receives the answers.
    public init(client: any RedisClient, subscriber: RedisSubscriber, configuration: Configuration = .init(), logger: Logger = Logger(label: "spool.redis.control")) {
        self.client = client
        self.subscriber = subscriber
        self.configuration = configuration
        self.logger = logger
    }

    /// Asks every worker to stop the job's running stage; true when one of them did.
    public func stop(_ id: JobID, reason: StopReason) async -> Bool {
        let command = RedisStopCommand(request: UUID().uuidString, jobId: id, reason: reason.rawValue)
        do {
            let replies = try await subscriber.subscribe(to: [command.replyChannel(prefix: configuration.keyPrefix)])
            let stopped: Bool
            do {
                let listeners = try await client.publish(try command.encoded(), to: configuration.channel)
                stopped = listeners > 0 ? await Self.firstYes(from: replies, expected: listeners, timeout: configuration.replyTimeout) : false
            } catch {
                try? await replies.unsubscribe()
                throw error
            }
            try? await replies.unsubscribe()
            return stopped
        } catch {
            logger.warning("stop request not sent", metadata: ["job.id": "\(id)", "error": "\(error)"])
            return false
        }
    }

    /// Reads answers until a `1`, `expected` answers, or the timeout.
    private static func firstYes(from replies: RedisSubscription, expected: Int, timeout: Duration) async -> Bool {
        await withTaskGroup(of: Bool.self) { group in
            group.addTask {
                var answers = 0
                for await reply in replies {
                    if reply.string == "1" { return true }
                    answers += 1
                    if answers >= expected { return false }
                }
                return false
            }
            group.addTask {
                try? await Task.sleep(for: timeout)
                return false
            }
            let answer = await group.next() ?? false
            group.cancelAll()
            return answer
        }
    }
}
