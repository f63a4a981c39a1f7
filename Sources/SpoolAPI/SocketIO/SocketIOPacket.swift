import Foundation
import SpoolCore

/// A Socket.IO v5 packet: what follows Engine.IO's `4` in a message.
///
/// The grammar is `<type>[<attachments>-][<namespace>,][<ack id>][<JSON>]`: the namespace is
/// written only when it is not `/` (the comma may be left out at the end), the ack id is a run of
/// digits, and the JSON payload's shape depends on the type (an object or nothing for CONNECT, a
/// non-empty array whose first element names the event for EVENT, an array for ACK). Anything else
/// is a protocol error, which closes the connection.
struct SocketIOPacket: Sendable, Equatable {
    /// The packet types of protocol v5.
    enum Kind: UInt8, Sendable {
        case connect = 0
        case disconnect = 1
        case event = 2
        case ack = 3
        case connectError = 4
        case binaryEvent = 5
        case binaryAck = 6
    }

    /// A packet that breaks the grammar.
    struct Malformed: Error, Equatable {
        /// What is wrong, for the log.
        let reason: String
    }

    /// Most binary attachments one packet may announce (the reference parser's limit).
    static let maxAttachments = 10

    /// The packet type.
    var kind: Kind
    /// The namespace, `/` by default.
    var namespace: String
    /// The ack id, when the sender wants an ack (EVENT) or answers one (ACK).
    var ackID: UInt64?
    /// Binary attachments that follow (BINARY_EVENT and BINARY_ACK only).
    var attachments: Int
    /// The JSON payload, if any.
    var payload: JSONValue?

    /// Parses the text after Engine.IO's `4`.
    init(parsing text: Substring) throws(Malformed) {
        var rest = text.utf8[...]
        guard let first = rest.popFirst(), let digit = first.asciiDigit, let kind = Kind(rawValue: digit) else {
            throw Malformed(reason: "unknown packet type")
        }
        self.kind = kind
        attachments = 0
        if kind == .binaryEvent || kind == .binaryAck {
            let count = rest.prefix { $0.asciiDigit != nil }
            rest = rest.dropFirst(count.count)
            guard !count.isEmpty, count.count <= 2, rest.popFirst() == UInt8(ascii: "-"),
                  let number = Int(String(decoding: count, as: UTF8.self)), number <= Self.maxAttachments
            else { throw Malformed(reason: "bad attachment count") }
            attachments = number
        }
        namespace = "/"
        if rest.first == UInt8(ascii: "/") {
            let name = rest.prefix { $0 != UInt8(ascii: ",") }
            namespace = String(decoding: name, as: UTF8.self)
            rest = rest.dropFirst(name.count)
            _ = rest.popFirst()
        }
        let digits = rest.prefix { $0.asciiDigit != nil }
        if !digits.isEmpty {
            guard digits.count <= 15 else { throw Malformed(reason: "ack id too large") }
            ackID = UInt64(String(decoding: digits, as: UTF8.self))
            rest = rest.dropFirst(digits.count)
        } else {
            ackID = nil
        }
        if rest.isEmpty {
            payload = nil
        } else {
            do {
                payload = try JSONDecoder().decode(JSONValue.self, from: Data(rest))
            } catch {
                throw Malformed(reason: "payload is not JSON")
            }
        }
        try validate()
    }

    private func validate() throws(Malformed) {
        switch kind {
        case .connect:
            if let payload, case .object = payload {} else if payload != nil { throw Malformed(reason: "CONNECT payload must be an object") }
        case .disconnect, .connectError:
            break
        case .event, .binaryEvent:
            guard case .array(let items) = payload, let name = items.first else { throw Malformed(reason: "EVENT payload must be a non-empty array") }
            switch name {
            case .string, .number: break
            default: throw Malformed(reason: "the event name must be a string")
            }
        case .ack, .binaryAck:
            guard case .array = payload, ackID != nil else { throw Malformed(reason: "ACK needs an id and an array") }
        }
    }

    /// The event name and its arguments (EVENT and BINARY_EVENT).
    var event: (name: String, arguments: [JSONValue])? {
        guard case .array(let items) = payload, let first = items.first else { return nil }
        switch first {
        case .string(let name): return (name, Array(items.dropFirst()))
        case .number(let number):
            return (number.rounded() == number && abs(number) < 1e15 ? String(Int(number)) : String(number), Array(items.dropFirst()))
        default: return nil
        }
    }

    /// The `auth` object of a CONNECT (empty when absent).
    var auth: [String: JSONValue] {
        if case .object(let object) = payload { return object }
        return [:]
    }

    /// `<namespace>,` as the encoder writes it: nothing for `/`.
    static func namespacePrefix(_ namespace: String) -> String {
        namespace == "/" ? "" : namespace + ","
    }
}

extension UInt8 {
    /// The value of an ASCII digit, or nil.
    fileprivate var asciiDigit: UInt8? {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(self) ? self - UInt8(ascii: "0") : nil
    }
}
