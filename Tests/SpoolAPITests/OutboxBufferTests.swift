import Foundation
import SpoolAPIModels
import SpoolCore
import Testing

@testable import SpoolAPI

@Suite("OutboxBuffer: what waits for one live stream")
struct OutboxBufferTests {
    static let encoder = SpoolJSON.makeEncoder()
    static let first = JobID("00000000-0000-0000-0000-000000000001")
    static let second = JobID("00000000-0000-0000-0000-000000000002")

    static func progress(_ job: JobID, _ percent: Double) throws -> EncodedEvent {
        try EncodedEvent(.progress(job, JobProgress(stage: .download, percent: percent)), encoder: encoder)
    }

    static func log(_ job: JobID, id: Int64) throws -> EncodedEvent {
        var event = JobEvent.log(job, .info, "line \(id)")
        event.id = id
        return try EncodedEvent(event, encoder: encoder)
    }

    static func describe(_ events: [EncodedEvent]) -> [String] {
        events.map { encoded in
            let event = encoded.event
            guard event.type == .progress else { return "log \(event.id)" }
            let job = event.jobId == first ? "first" : "second"
            guard case .object(let fields) = event.payload, case .number(let percent)? = fields["percent"] else { return "\(job) ?" }
            return "\(job) \(Int(percent))"
        }
    }

    @Test("a job's waiting progress is replaced by newer progress; a durable event of the job ends that, order is kept")
    func coalescing() throws {
        var buffer = OutboxBuffer(capacity: 10)
        #expect(buffer.push(try Self.progress(Self.first, 10)) == .appended)
        #expect(buffer.push(try Self.progress(Self.second, 10)) == .appended)
        #expect(buffer.push(try Self.progress(Self.first, 20)) == .coalesced)
        #expect(buffer.push(try Self.log(Self.first, id: 7)) == .appended)
        #expect(buffer.push(try Self.progress(Self.first, 30)) == .appended)
        #expect(buffer.push(try Self.progress(Self.second, 40)) == .coalesced)
        let taken = buffer.takeAll()
        #expect(Self.describe(taken) == ["first 20", "second 40", "log 7", "first 30"])
        #expect(buffer.isEmpty)
        // After a batch was taken, progress is appended again rather than replacing what left.
        #expect(buffer.push(try Self.progress(Self.first, 50)) == .appended)
        #expect(Self.describe(buffer.takeAll()) == ["first 50"])
    }

    @Test("one event past the capacity drops everything waiting; nothing is accepted after that")
    func overflow() throws {
        var buffer = OutboxBuffer(capacity: 3)
        for id in 1...3 {
            #expect(buffer.push(try Self.log(Self.first, id: Int64(id))) == .appended)
        }
        #expect(buffer.push(try Self.log(Self.first, id: 4)) == .overflowed)
        #expect(buffer.overflowed)
        #expect(buffer.isEmpty)
        #expect(buffer.push(try Self.log(Self.first, id: 5)) == .ignored)
        #expect(buffer.takeAll().isEmpty)
    }

    @Test("coalescing keeps a full buffer from overflowing on progress")
    func progressDoesNotOverflow() throws {
        var buffer = OutboxBuffer(capacity: 2)
        #expect(buffer.push(try Self.log(Self.first, id: 1)) == .appended)
        #expect(buffer.push(try Self.progress(Self.second, 1)) == .appended)
        for percent in 2...100 {
            #expect(buffer.push(try Self.progress(Self.second, Double(percent))) == .coalesced)
        }
        #expect(Self.describe(buffer.takeAll()) == ["log 1", "second 100"])
    }
}
