import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import ServiceLifecycle
import Synchronization

/// Sends ended spans to an OpenTelemetry collector over OTLP/HTTP with JSON bodies, in batches: a
/// second after the first span of a batch, at once when 256 are waiting, and a last time at
/// shutdown. At most 4,096 spans wait; beyond that the oldest are dropped (and counted in the log),
/// so a collector that is down never grows the server's memory.
final class OTLPExporter: Service {
    private struct Queue {
        var spans: [OTLPFinishedSpan] = []
        var dropped = 0
        var waiter: CheckedContinuation<Void, Never>?
    }

    static let batchSize = 256
    static let capacity = 4_096

    private let settings: TracingSettings
    private let endpoint: URL
    private let queue = Mutex(Queue())
    private let logger: Logger

    init(settings: TracingSettings, endpoint: URL, logger: Logger) {
        self.settings = settings
        self.endpoint = endpoint
        self.logger = logger
    }

    /// Queues an ended span; never waits.
    func add(_ span: OTLPFinishedSpan) {
        let wake = queue.withLock { queue -> CheckedContinuation<Void, Never>? in
            if queue.spans.count >= Self.capacity {
                queue.spans.removeFirst()
                queue.dropped += 1
            }
            queue.spans.append(span)
            guard queue.spans.count == 1 || queue.spans.count >= Self.batchSize else { return nil }
            defer { queue.waiter = nil }
            return queue.waiter
        }
        wake?.resume()
    }

    /// Sends what is waiting without waiting for the batch to fill.
    func flushSoon() {
        queue.withLock { queue in
            defer { queue.waiter = nil }
            return queue.waiter
        }?.resume()
    }

    /// Sends batches until shutdown, then sends what is left.
    func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                await self.waitForSpans()
                try? await Task.sleep(for: .seconds(1))
                await self.sendWaiting()
            }
        }
        await sendWaiting()
    }

    private func waitForSpans() async {
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let ready = queue.withLock { queue -> Bool in
                    if !queue.spans.isEmpty || Task.isCancelled { return true }
                    queue.waiter = continuation
                    return false
                }
                if ready { continuation.resume() }
            }
        } onCancel: {
            flushSoon()
        }
    }

    /// Sends every waiting span, a batch at a time.
    func sendWaiting() async {
        while true {
            let (batch, dropped) = queue.withLock { queue -> ([OTLPFinishedSpan], Int) in
                let batch = Array(queue.spans.prefix(Self.batchSize))
                queue.spans.removeFirst(batch.count)
                defer { queue.dropped = 0 }
                return (batch, queue.dropped)
            }
            if dropped > 0 {
                logger.warning("dropped spans: the collector did not keep up", metadata: ["spans.dropped": "\(dropped)", "otlp.endpoint": "\(endpoint)"])
            }
            guard !batch.isEmpty else { return }
            await send(batch)
        }
    }

    private func send(_ batch: [OTLPFinishedSpan]) async {
        let body: [String: Any] = [
            "resourceSpans": [[
                "resource": ["attributes": [["key": "service.name", "value": ["stringValue": settings.serviceName]]]],
                "scopeSpans": [[
                    "scope": ["name": "spool", "version": SpoolVersion.current],
                    "spans": batch.map(\.json),
                ]],
            ]],
        ]
        do {
            var request = HTTPClientRequest(url: endpoint.absoluteString)
            request.method = .POST
            request.headers.add(name: "Content-Type", value: "application/json")
            for (name, value) in settings.headers { request.headers.add(name: name, value: value) }
            request.body = .bytes(ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: body)))
            let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
            _ = try? await response.body.collect(upTo: 64 * 1024)
            if !(200..<300).contains(Int(response.status.code)) {
                logger.warning("the collector refused spans", metadata: ["http.status": "\(response.status.code)", "otlp.endpoint": "\(endpoint)", "spans": "\(batch.count)"])
            }
        } catch {
            logger.warning("spans not sent", metadata: ["error": "\(error)", "otlp.endpoint": "\(endpoint)", "spans": "\(batch.count)"])
        }
    }
}
