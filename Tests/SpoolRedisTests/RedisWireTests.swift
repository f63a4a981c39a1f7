import Foundation
import RESP
import SpoolCore
import SpoolRedis
import Testing

@Suite("Redis event wire format and worker heartbeats")
struct RedisWireTests {
    @Test("events use the API envelope on the seed's channels")
    func envelopeOnSeedChannels() async throws {
        try await RedisFixture.with { redis, services in
            let bus = RedisEventBus(client: redis.pool, subscriber: redis.subscriber, logger: quiet)
            #expect(bus.channels == ["events:error", "events:log", "events:progress", "events:state"])
            let raw = try await redis.subscriber.subscribe(to: ["events:state"])
            var event = JobEvent.stateChange(JobID("job-7"), from: .queued, to: .downloading, at: Date(timeIntervalSince1970: 1_767_225_600.25))
            event.id = 42
            await bus.publish(event)
            let message = try #require(await raw.first { _ in true })
            #expect(message.string == #"{"id":42,"jobId":"job-7","payload":{"from":"QUEUED","to":"DOWNLOADING"},"timestamp":"2026-01-01T00:00:00.250Z","type":"state_change"}"#)
            #expect(try RedisEventCodec.decode(message.string) == event)
        }
    }

    @Test("a system event has a null jobId")
    func systemEventHasNullJobID() throws {
        let text = try RedisEventCodec.encode(.notification(nil, kind: "disk", title: "Disk", message: "low", severity: .warning, at: Date(timeIntervalSince1970: 0)))
        #expect(text.contains(#""jobId":null"#))
        #expect(try RedisEventCodec.decode(text).jobId == nil)
    }

    @Test("a processing progress event carries fps and speed factor over the progress channel")
    func processingProgressCarriesFPSAndSpeedFactor() async throws {
        try await RedisFixture.with { redis, _ in
            let bus = RedisEventBus(client: redis.pool, subscriber: redis.subscriber, logger: quiet)
            let raw = try await redis.subscriber.subscribe(to: ["events:progress"])
            let progress = JobProgress(stage: .process, percent: 41.5, eta: 18.25, fps: 212.4, speedFactor: 3.5)
            let event = JobEvent.progress(JobID("job-9"), progress, at: Date(timeIntervalSince1970: 1_767_225_600.5))
            await bus.publish(event)
            let message = try #require(await raw.first { _ in true })
            #expect(message.string.contains(#""fps":212.4"#) && message.string.contains(#""speedFactor":3.5"#), "\(message.string)")
            #expect(message.string.contains(#""downloadedBytes":null"#), "unset keys are present as null")
            let decoded = try RedisEventCodec.decode(message.string)
            #expect(decoded == event)
            #expect(decoded.payload["fps"]?.doubleValue == 212.4 && decoded.payload["speedFactor"]?.doubleValue == 3.5)
        }
    }

    @Test("live workers are listed until their heartbeat expires or they leave")
    func heartbeats() async throws {
        try await RedisFixture.with { redis, _ in
            let registry = RedisWorkerRegistry(client: redis.pool, logger: quiet)
            let started = Date(timeIntervalSince1970: 1_767_225_600)
            try await registry.beat(WorkerHeartbeat(id: "a", stages: ["download"], startedAt: started, runningJobs: [JobID("j")]), ttl: .seconds(60))
            let beatB = WorkerHeartbeat(id: "b", stages: ["dub", "mux"], startedAt: started)
            try await registry.beat(beatB, ttl: .seconds(60))
            #expect(try await registry.liveWorkers().map(\.id) == ["a", "b"])
            #expect(try await registry.liveWorkers().first?.runningJobs == [JobID("j")])
            // A last beat with a short lifetime: b drops out once it runs out (waited for with a
            // generous bound, so a busy machine cannot fail the test).
            try await registry.beat(beatB, ttl: .milliseconds(100))
            let deadline = ContinuousClock.now + .seconds(30)
            var live = try await registry.liveWorkers().map(\.id)
            while live != ["a"], ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(50))
                live = try await registry.liveWorkers().map(\.id)
            }
            #expect(live == ["a"])
            try await registry.remove(id: "a")
            #expect(try await registry.liveWorkers().isEmpty)
        }
    }
}
