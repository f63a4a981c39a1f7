import NIOCore

/// One command, encoded once as a RESP array of bulk strings and ready to write.
///
/// ```swift
/// RedisCommand("SET", key, value, "PX", 5000)
/// RedisCommand("DEL", keys)             // an array adds one argument per element
/// ```
public struct RedisCommand: Sendable {
    /// The command's first word, upper-cased (kept for errors and logs; arguments are never logged).
    public let name: String
    /// The encoded bytes.
    public let bytes: ByteBuffer

    /// Encodes `name` and `arguments`.
    public init(_ name: String, _ arguments: [any RESPArgument]) {
        let count = arguments.reduce(1) { $0 + $1.respArgumentCount }
        var buffer = ByteBuffer()
        buffer.reserveCapacity(32 + name.utf8.count + arguments.count * 16)
        buffer.writeInteger(UInt8(ascii: "*"))
        buffer.writeString(String(count))
        buffer.writeStaticString("\r\n")
        name.writeRESPArgument(into: &buffer)
        for argument in arguments { argument.writeRESPArgument(into: &buffer) }
        self.name = name.uppercased()
        self.bytes = buffer
    }

    /// Encodes `name` and `arguments`.
    public init(_ name: String, _ arguments: any RESPArgument...) {
        self.init(name, arguments)
    }
}

/// A value that can be an argument of a ``RedisCommand`` (written as one or more bulk strings).
public protocol RESPArgument: Sendable {
    /// How many bulk strings ``writeRESPArgument(into:)`` writes (1 for scalars).
    var respArgumentCount: Int { get }
    /// Writes the argument as bulk strings (`$<length>\r\n<bytes>\r\n`).
    func writeRESPArgument(into buffer: inout ByteBuffer)
}

extension RESPArgument {
    /// One bulk string.
    public var respArgumentCount: Int { 1 }
}

extension ByteBuffer {
    mutating func writeBulkHeader(length: Int) {
        writeInteger(UInt8(ascii: "$"))
        writeString(String(length))
        writeStaticString("\r\n")
    }
}

extension String: RESPArgument {
    /// The UTF-8 bytes.
    public func writeRESPArgument(into buffer: inout ByteBuffer) {
        buffer.writeBulkHeader(length: utf8.count)
        buffer.writeString(self)
        buffer.writeStaticString("\r\n")
    }
}

extension Substring: RESPArgument {
    /// The UTF-8 bytes.
    public func writeRESPArgument(into buffer: inout ByteBuffer) {
        String(self).writeRESPArgument(into: &buffer)
    }
}

extension ByteBuffer: RESPArgument {
    /// The readable bytes, unchanged.
    public func writeRESPArgument(into buffer: inout ByteBuffer) {
        buffer.writeBulkHeader(length: readableBytes)
        buffer.writeImmutableBuffer(self)
        buffer.writeStaticString("\r\n")
    }
}

extension Array: RESPArgument where Element: RESPArgument {
    /// One bulk string per element (or more for nested arrays).
    public var respArgumentCount: Int { reduce(0) { $0 + $1.respArgumentCount } }

    /// Every element in order.
    public func writeRESPArgument(into buffer: inout ByteBuffer) {
        for element in self { element.writeRESPArgument(into: &buffer) }
    }
}

extension Int: RESPArgument {
    /// The decimal text.
    public func writeRESPArgument(into buffer: inout ByteBuffer) {
        String(self).writeRESPArgument(into: &buffer)
    }
}

extension Int64: RESPArgument {
    /// The decimal text.
    public func writeRESPArgument(into buffer: inout ByteBuffer) {
        String(self).writeRESPArgument(into: &buffer)
    }
}

extension UInt64: RESPArgument {
    /// The decimal text.
    public func writeRESPArgument(into buffer: inout ByteBuffer) {
        String(self).writeRESPArgument(into: &buffer)
    }
}

extension Double: RESPArgument {
    /// The shortest text that reads back as the same double (`inf`/`-inf` for infinities).
    public func writeRESPArgument(into buffer: inout ByteBuffer) {
        let text = self == .infinity ? "+inf" : self == -.infinity ? "-inf" : String(self)
        text.writeRESPArgument(into: &buffer)
    }
}

extension RESPValue: RESPArgument {
    /// The value's text or bytes; arrays become one argument per element, nulls an empty string.
    public var respArgumentCount: Int {
        switch self {
        case .array, .set, .push: (array ?? []).reduce(0) { $0 + $1.respArgumentCount }
        default: 1
        }
    }

    /// Writes the value as bulk strings.
    public func writeRESPArgument(into buffer: inout ByteBuffer) {
        switch self {
        case .array, .set, .push:
            for element in array ?? [] { element.writeRESPArgument(into: &buffer) }
        default:
            (bytes ?? ByteBuffer(string: string ?? "")).writeRESPArgument(into: &buffer)
        }
    }
}
