import SpoolCore

/// The events waiting for one live stream: in order, bounded, progress coalesced per job.
///
/// A pure value; ``EventOutbox`` guards it with a lock. A `progress` event for a job whose previous
/// progress still waits here, with no durable event of that job after it, replaces that one in
/// place: a slow reader skips to the latest progress and never sees a stale one. Every other event
/// is appended. Once `capacity` events wait, the next one overflows the buffer: everything waiting
/// is dropped and nothing more is accepted (the stream tells its client to resume by id).
struct OutboxBuffer {
    /// What ``push(_:)`` did with an event.
    enum Push: Equatable {
        /// Appended at the end.
        case appended
        /// Replaced the job's waiting progress event.
        case coalesced
        /// The buffer was full: it is now empty and overflowed.
        case overflowed
        /// Ignored, because the buffer overflowed earlier.
        case ignored
    }

    /// Most events that may wait.
    let capacity: Int
    /// The waiting events, oldest first.
    private(set) var events: [EncodedEvent] = []
    /// Whether the buffer overflowed (it accepts nothing after that).
    private(set) var overflowed = false
    /// Where each job's replaceable progress event waits.
    private var progressIndex: [JobID: Int] = [:]

    /// Creates an empty buffer holding up to `capacity` events.
    init(capacity: Int) {
        self.capacity = max(1, capacity)
    }

    /// Whether no event waits.
    var isEmpty: Bool { events.isEmpty }

    /// Offers an event.
    mutating func push(_ encoded: EncodedEvent) -> Push {
        guard !overflowed else { return .ignored }
        let event = encoded.event
        if event.type == .progress, let jobId = event.jobId, let index = progressIndex[jobId] {
            events[index] = encoded
            return .coalesced
        }
        guard events.count < capacity else {
            overflow()
            return .overflowed
        }
        if let jobId = event.jobId {
            if event.type == .progress {
                progressIndex[jobId] = events.count
            } else if !progressIndex.isEmpty {
                // A durable event closes the job's progress slot, so order is kept.
                progressIndex[jobId] = nil
            }
        }
        events.append(encoded)
        return .appended
    }

    /// Drops everything waiting and accepts nothing more.
    mutating func overflow() {
        overflowed = true
        events = []
        progressIndex = [:]
    }

    /// Removes and returns every waiting event, oldest first.
    mutating func takeAll() -> [EncodedEvent] {
        if !progressIndex.isEmpty { progressIndex.removeAll(keepingCapacity: true) }
        let taken = events
        events = []
        return taken
    }
}
