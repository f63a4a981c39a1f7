import NIOCore

/// Reads RESP values from bytes without consuming them until a whole value has arrived.
///
/// `parse` first scans a frame without building anything (cheap to repeat while a large reply
/// arrives in pieces), then builds the value once the frame is complete.
struct RESPParser {
    let configuration: RESPDecoder.Configuration

    /// The value at the buffer's reader index and its length in bytes, or nil if more bytes are needed.
    func parse(_ buffer: ByteBuffer) throws(RedisError) -> (value: RESPValue, length: Int)? {
        try buffer.withUnsafeReadableBytes { bytes throws(RedisError) -> (value: RESPValue, length: Int)? in
            var cursor = Cursor(bytes: bytes, configuration: configuration)
            guard try cursor.value(build: false, depth: 0) != nil else { return nil }
            let length = cursor.offset
            cursor.offset = 0
            guard let value = try cursor.value(build: true, depth: 0) else { return nil }
            return (value, length)
        }
    }

    private struct Cursor {
        let bytes: UnsafeRawBufferPointer
        let configuration: RESPDecoder.Configuration
        var offset = 0

        init(bytes: UnsafeRawBufferPointer, configuration: RESPDecoder.Configuration) {
            self.bytes = bytes
            self.configuration = configuration
        }

        /// nil: incomplete. With `build == false` the returned value is a placeholder.
        mutating func value(build: Bool, depth: Int) throws(RedisError) -> RESPValue? {
            guard depth <= configuration.maximumDepth else {
                throw .protocolViolation("replies nest deeper than \(configuration.maximumDepth) levels")
            }
            guard offset < bytes.count else { return nil }
            let type = bytes[offset]
            offset += 1
            switch type {
            case UInt8(ascii: "+"):
                guard let range = try line() else { return nil }
                return build ? .simpleString(text(range)) : .null
            case UInt8(ascii: "-"):
                guard let range = try line() else { return nil }
                return build ? .error(text(range)) : .null
            case UInt8(ascii: ":"):
                guard let range = try line() else { return nil }
                return .integer(try integer(range))
            case UInt8(ascii: "$"):
                guard let range = try blob(nullable: true) else { return nil }
                guard build else { return .null }
                guard let range else { return .bulkString(nil) }
                return .bulkString(buffer(range))
            case UInt8(ascii: "!"):
                guard let range = try blob(nullable: false) else { return nil }
                return build ? .error(text(range ?? 0..<0)) : .null
            case UInt8(ascii: "="):
                guard let range = try blob(nullable: false) else { return nil }
                return build ? try verbatim(range ?? 0..<0) : .null
            case UInt8(ascii: "_"):
                guard let range = try line() else { return nil }
                guard range.isEmpty else { throw .protocolViolation("a null carries no data") }
                return .null
            case UInt8(ascii: "#"):
                guard let range = try line() else { return nil }
                switch text(range) {
                case "t": return .boolean(true)
                case "f": return .boolean(false)
                default: throw .protocolViolation("a boolean must be #t or #f")
                }
            case UInt8(ascii: ","):
                guard let range = try line() else { return nil }
                guard let value = RESPValue.parseDouble(text(range)) else {
                    throw .protocolViolation("'\(text(range).prefix(40))' is not a double")
                }
                return .double(value)
            case UInt8(ascii: "("):
                guard let range = try line() else { return nil }
                let digits = text(range)
                guard !digits.isEmpty, digits.drop(while: { $0 == "-" || $0 == "+" }).allSatisfy(\.isNumber) else {
                    throw .protocolViolation("'\(digits.prefix(40))' is not a big number")
                }
                return .bigNumber(digits)
            case UInt8(ascii: "*"), UInt8(ascii: "~"), UInt8(ascii: ">"):
                guard let count = try aggregateCount(nullable: type == UInt8(ascii: "*")) else { return nil }
                guard count >= 0 else { return .array(nil) }
                var values: [RESPValue] = []
                if build { values.reserveCapacity(count) }
                for _ in 0..<count {
                    guard let element = try value(build: build, depth: depth + 1) else { return nil }
                    if build { values.append(element) }
                }
                guard build else { return .null }
                switch type {
                case UInt8(ascii: "~"): return .set(Set(values))
                case UInt8(ascii: ">"): return .push(values)
                default: return .array(values)
                }
            case UInt8(ascii: "%"), UInt8(ascii: "|"):
                guard let count = try aggregateCount(nullable: false) else { return nil }
                var pairs: [RESPValue: RESPValue] = [:]
                for _ in 0..<count {
                    guard let key = try value(build: build, depth: depth + 1),
                          let element = try value(build: build, depth: depth + 1) else { return nil }
                    if build { pairs[key] = element }
                }
                guard type == UInt8(ascii: "|") else { return build ? .map(pairs) : .null }
                guard let described = try value(build: build, depth: depth + 1) else { return nil }
                return build ? .attribute(pairs, described) : .null
            default:
                throw .protocolViolation("unknown RESP type byte 0x\(String(type, radix: 16))")
            }
        }

        /// The bytes before the next CRLF (which is consumed), or nil if it has not arrived.
        private mutating func line() throws(RedisError) -> Range<Int>? {
            let start = offset
            let limit = min(bytes.count, start + configuration.maximumLineLength + 1)
            var index = start
            while index < limit {
                if bytes[index] == .cr {
                    guard index + 1 < bytes.count else { return nil }
                    guard bytes[index + 1] == .lf else { throw .protocolViolation("CR not followed by LF") }
                    offset = index + 2
                    return start..<index
                }
                if bytes[index] == .lf { throw .protocolViolation("LF without CR") }
                index += 1
            }
            if limit - start > configuration.maximumLineLength {
                throw .protocolViolation("a line is longer than \(configuration.maximumLineLength) bytes")
            }
            return nil
        }

        private func integer(_ range: Range<Int>) throws(RedisError) -> Int64 {
            var index = range.lowerBound
            var negative = false
            if index < range.upperBound, bytes[index] == UInt8(ascii: "-") || bytes[index] == UInt8(ascii: "+") {
                negative = bytes[index] == UInt8(ascii: "-")
                index += 1
            }
            guard index < range.upperBound else { throw .protocolViolation("an empty integer") }
            var value: Int64 = 0
            while index < range.upperBound {
                let digit = bytes[index] &- UInt8(ascii: "0")
                guard digit < 10 else { throw .protocolViolation("'\(text(range).prefix(40))' is not an integer") }
                let (times, overflow1) = value.multipliedReportingOverflow(by: 10)
                let (sum, overflow2) = times.addingReportingOverflow(Int64(digit))
                guard !overflow1, !overflow2 else { throw .protocolViolation("an integer does not fit 64 bits") }
                value = sum
                index += 1
            }
            return negative ? -value : value
        }

        private mutating func aggregateCount(nullable: Bool) throws(RedisError) -> Int? {
            guard let range = try line() else { return nil }
            let count = try integer(range)
            if count == -1, nullable { return -1 }
            guard count >= 0 else { throw .protocolViolation("a negative length \(count)") }
            guard count <= configuration.maximumAggregateLength else {
                throw .protocolViolation("an aggregate of \(count) elements exceeds the limit of \(configuration.maximumAggregateLength)")
            }
            return Int(count)
        }

        /// The payload range of a length-prefixed blob; `.some(nil)` for a null bulk string.
        private mutating func blob(nullable: Bool) throws(RedisError) -> Range<Int>?? {
            guard let range = try line() else { return nil }
            let length = try integer(range)
            if length == -1, nullable { return .some(nil) }
            guard length >= 0 else { throw .protocolViolation("a negative length \(length)") }
            guard length <= configuration.maximumBulkLength else {
                throw .protocolViolation("a bulk string of \(length) bytes exceeds the limit of \(configuration.maximumBulkLength)")
            }
            let start = offset
            let end = start + Int(length)
            guard end + 2 <= bytes.count else { return nil }
            guard bytes[end] == .cr, bytes[end + 1] == .lf else {
                throw .protocolViolation("a bulk string is not followed by CRLF")
            }
            offset = end + 2
            return .some(start..<end)
        }

        private func verbatim(_ range: Range<Int>) throws(RedisError) -> RESPValue {
            guard range.count >= 4, bytes[range.lowerBound + 3] == UInt8(ascii: ":") else {
                throw .protocolViolation("a verbatim string lacks its format prefix")
            }
            let format = text(range.lowerBound..<range.lowerBound + 3)
            return .verbatimString(format: format, buffer(range.lowerBound + 4..<range.upperBound))
        }

        private func text(_ range: Range<Int>) -> String {
            String(decoding: UnsafeRawBufferPointer(rebasing: bytes[range]), as: UTF8.self)
        }

        private func buffer(_ range: Range<Int>) -> ByteBuffer {
            ByteBuffer(bytes: UnsafeRawBufferPointer(rebasing: bytes[range]))
        }
    }
}
