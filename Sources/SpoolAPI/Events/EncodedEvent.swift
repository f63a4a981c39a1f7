import Foundation
import NIOCore
import SpoolAPIModels
import SpoolCore

/// A live event with its wire forms, encoded once and shared by every stream that delivers it.
///
/// `json` is the event envelope `{id, jobId, type, timestamp, payload}`: a WebSocket text message
/// as it is, and the `data:` line of a server-sent event. `socketIOPacket` is the same envelope as
/// the Engine.IO message of a Socket.IO event, `42["<type>",<envelope>]`; `json` is a slice of it,
/// so both cost one buffer. A `ByteBuffer` is shared by reference, so a thousand connections
/// writing it cost no copy.
struct EncodedEvent: Sendable {
    /// The event (for filtering, coalescing and cursors).
    let event: JobEvent
    /// The envelope's JSON.
    let json: ByteBuffer
    /// The Socket.IO event packet with the Engine.IO `4` in front: `42["progress",{…}]`.
    let socketIOPacket: ByteBuffer

    /// Encodes `event` with `encoder` (``SpoolJSON/makeEncoder()``).
    init(_ event: JobEvent, encoder: JSONEncoder) throws {
        self.event = event
        let envelope = try encoder.encode(EventDTO(event))
        // Event type names are plain ASCII words: no JSON escaping needed.
        let prefix = "42[\"\(event.type.rawValue)\","
        var packet = ByteBuffer()
        packet.reserveCapacity(prefix.utf8.count + envelope.count + 1)
        packet.writeString(prefix)
        let start = packet.writerIndex
        packet.writeBytes(envelope)
        packet.writeInteger(UInt8(ascii: "]"))
        self.socketIOPacket = packet
        self.json = packet.getSlice(at: start, length: envelope.count)!
    }
}
