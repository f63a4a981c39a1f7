import Logging
import RESP
import SpoolCore

/// Receives the stop requests of ``RedisJobControl`` (from any process) and hands them to this
/// process's local ``JobControl`` (the worker's `RunningJobs`), answering whether it stopped the
/// job. Run it as a service for as long as the worker runs.
public struct RedisControlListener: Sendable {
    private let client: any RedisClient
    private let subscriber: RedisSubscriber
    private let control: any JobControl
    private let configuration: RedisJobControl.Configuration
    private let ready = ReadyGate()
    private let logger: Logger

    /// Creates a listener delivering to `control`.
    public init(client: any RedisClient, subscriber: RedisSubscriber, control: any JobControl, configuration: RedisJobControl.Configuration = .init(), logger: Logger = Logger(label: "spool.redis.control")) {
        self.client = client
        self.subscriber = subscriber
        self.control = control
        self.configuration = configuration
        self.logger = logger
    }

    /// Listens until cancelled or the subscriber shuts down.
    public func run() async throws {
        let requests = try await subscriber.subscribe(to: [configuration.channel])
        ready.open()
        for await message in requests {
            guard let command = try? RedisStopCommand.decode(message.string), let reason = StopReason(rawValue: command.reason) else {
                logger.warning("skipped a malformed stop request", metadata: ["redis.channel": "\(message.channel)"])
                continue
            }
            let stopped = await control.stop(command.jobId, reason: reason)
            if stopped {
                logger.info("stopped on request", metadata: ["job.id": "\(command.jobId)", "stop.reason": "\(reason.rawValue)"])
            }
            do {
                try await client.publish(stopped ? "1" : "0", to: command.replyChannel(prefix: configuration.keyPrefix))
            } catch {
                logger.warning("stop answer not sent", metadata: ["job.id": "\(command.jobId)", "error": "\(error)"])
            }
        }
    }

    /// Returns once ``run()`` listens.
    public func waitUntilListening() async {
        await ready.wait()
    }
}
