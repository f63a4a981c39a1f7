import Foundation
import SpoolCore

// An SSE stream writes from one task only (its response body writer cannot be shared), so a
// heartbeat timer cannot write itself. Instead it pushes a marker into the stream's own private
// subscription, which wakes the writer like any event; the writer turns the marker into a
// comment line. The marker never reaches the bus or any other subscriber.

extension EventSubscription {
    /// Wakes this subscription's reader with a heartbeat marker.
    func pushHeartbeat() {
        push(JobEvent.heartbeatMarker)
    }
}

extension JobEvent {
    /// The heartbeat marker: a job-less notification with the impossible id -1.
    static let heartbeatMarker = JobEvent(id: -1, jobId: nil, type: .notification, timestamp: .distantPast, payload: .null)

    /// Whether this is the heartbeat marker rather than a real event.
    var isHeartbeatMarker: Bool {
        id == -1 && jobId == nil && type == .notification && payload == .null
    }
}
