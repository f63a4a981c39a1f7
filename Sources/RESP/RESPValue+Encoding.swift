import NIOCore

extension RESPValue {
    /// Writes this value in RESP3 wire format (RESP2 types keep their RESP2 encoding).
    public func encode(into buffer: inout ByteBuffer) {
        switch self {
        case .simpleString(let text):
            buffer.writeLine(prefix: UInt8(ascii: "+"), text)
        case .error(let message):
            if message.utf8.contains(where: { $0 == .cr || $0 == .lf }) {
                buffer.writeBlob(prefix: UInt8(ascii: "!"), ByteBuffer(string: message))
            } else {
                buffer.writeLine(prefix: UInt8(ascii: "-"), message)
            }
        case .integer(let value):
            buffer.writeLine(prefix: UInt8(ascii: ":"), String(value))
        case .bulkString(nil):
            buffer.writeStaticString("$-1\r\n")
        case .bulkString(let bytes?):
            buffer.writeBlob(prefix: UInt8(ascii: "$"), bytes)
        case .array(nil):
            buffer.writeStaticString("*-1\r\n")
        case .array(let values?):
            buffer.writeLine(prefix: UInt8(ascii: "*"), String(values.count))
            for value in values { value.encode(into: &buffer) }
        case .null:
            buffer.writeStaticString("_\r\n")
        case .double(let value):
            let text = value.isNaN ? "nan" : value == .infinity ? "inf" : value == -.infinity ? "-inf" : String(value)
            buffer.writeLine(prefix: UInt8(ascii: ","), text)
        case .boolean(let value):
            buffer.writeStaticString(value ? "#t\r\n" : "#f\r\n")
        case .bigNumber(let text):
            buffer.writeLine(prefix: UInt8(ascii: "("), text)
        case .verbatimString(let format, let bytes):
            var body = ByteBuffer(string: format + ":")
            var copy = bytes
            body.writeBuffer(&copy)
            buffer.writeBlob(prefix: UInt8(ascii: "="), body)
        case .map(let pairs):
            buffer.writeLine(prefix: UInt8(ascii: "%"), String(pairs.count))
            for (key, value) in pairs {
                key.encode(into: &buffer)
                value.encode(into: &buffer)
            }
        case .set(let values):
            buffer.writeLine(prefix: UInt8(ascii: "~"), String(values.count))
            for value in values { value.encode(into: &buffer) }
        case .attribute(let attributes, let value):
            buffer.writeLine(prefix: UInt8(ascii: "|"), String(attributes.count))
            for (key, attribute) in attributes {
                key.encode(into: &buffer)
                attribute.encode(into: &buffer)
            }
            value.encode(into: &buffer)
        case .push(let values):
            buffer.writeLine(prefix: UInt8(ascii: ">"), String(values.count))
            for value in values { value.encode(into: &buffer) }
        }
    }
}

extension UInt8 {
    static let cr = UInt8(ascii: "\r")
    static let lf = UInt8(ascii: "\n")
}

extension ByteBuffer {
    mutating func writeLine(prefix: UInt8, _ text: String) {
        writeInteger(prefix)
        writeString(text)
        writeStaticString("\r\n")
    }

    mutating func writeBlob(prefix: UInt8, _ bytes: ByteBuffer) {
        writeInteger(prefix)
        writeString(String(bytes.readableBytes))
        writeStaticString("\r\n")
        writeImmutableBuffer(bytes)
        writeStaticString("\r\n")
    }
}
