import Foundation
import NIOCore
import SpoolAPIModels
import SpoolCore

/// A live event with its wire form, encoded once and shared by every stream that delivers it.
///
/// `json` is the event envelope `{id, jobId, type, timestamp, payload}`: a WebSocket text message
/// as it is, and the `data:` line of a server-sent event. A `ByteBuffer` is shared by reference,
/// so a thousand connections writing it cost no copy.
struct EncodedEvent: Sendable {
    /// The event (for filtering, coalescing and cursors).
    let event: JobEvent
    /// The envelope's JSON.
    let json: ByteBuffer

    /// Encodes `event` with `encoder` (``SpoolJSON/makeEncoder()``).
    init(_ event: JobEvent, encoder: JSONEncoder) throws {
        self.event = event
        self.json = ByteBuffer(bytes: try encoder.encode(EventDTO(event)))
    }
}
