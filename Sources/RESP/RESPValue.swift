import NIOCore

/// One RESP2 or RESP3 value, as a Redis server sends it.
///
/// RESP2 servers use only `simpleString`, `error`, `integer`, `bulkString` and `array` (a nil bulk
/// string or array is RESP2's null); RESP3 adds the rest.
public enum RESPValue: Sendable, Hashable {
    /// `+OK`: a short text without CR or LF.
    case simpleString(String)
    /// `-ERR message` or RESP3's bulk error `!`: the code is the first word (see ``RedisError``).
    case error(String)
    /// `:42`: a signed 64-bit integer.
    case integer(Int64)
    /// `$3\r\nabc`: binary-safe bytes; nil is RESP2's null bulk string (`$-1`).
    case bulkString(ByteBuffer?)
    /// `*2\r\n…`: nested values; nil is RESP2's null array (`*-1`).
    case array([RESPValue]?)
    /// RESP3's `_`: null.
    case null
    /// RESP3's `,1.5` (also `inf`, `-inf` and `nan`).
    case double(Double)
    /// RESP3's `#t` / `#f`.
    case boolean(Bool)
    /// RESP3's `(`: an integer too large for 64 bits, kept as its decimal text.
    case bigNumber(String)
    /// RESP3's `=`: a string with a three-letter format such as `txt` or `mkd`.
    case verbatimString(format: String, ByteBuffer)
    /// RESP3's `%`: key-value pairs (e.g. `HGETALL`).
    case map([RESPValue: RESPValue])
    /// RESP3's `~`: unordered distinct values (e.g. `SMEMBERS`).
    case set(Set<RESPValue>)
    /// RESP3's `|`: out-of-band attributes, followed by the value they describe.
    indirect case attribute([RESPValue: RESPValue], RESPValue)
    /// RESP3's `>`: data the server pushes outside the request/reply flow (pub/sub messages).
    case push([RESPValue])
}

extension RESPValue {
    /// A bulk string holding the UTF-8 bytes of `text`.
    public static func bulk(_ text: some StringProtocol) -> RESPValue {
        .bulkString(ByteBuffer(string: String(text)))
    }

    /// True for RESP3 null and RESP2's null bulk string and null array.
    public var isNull: Bool {
        switch self {
        case .null, .bulkString(nil), .array(nil): true
        default: false
        }
    }

    /// The text of a simple, bulk or verbatim string (UTF-8, lossy), an integer, a double or a big number.
    public var string: String? {
        switch self {
        case .simpleString(let text), .bigNumber(let text): text
        case .bulkString(let bytes?), .verbatimString(_, let bytes): String(buffer: bytes)
        case .integer(let value): String(value)
        case .double(let value): String(value)
        default: nil
        }
    }

    /// The bytes of a bulk, simple or verbatim string.
    public var bytes: ByteBuffer? {
        switch self {
        case .bulkString(let bytes?), .verbatimString(_, let bytes): bytes
        case .simpleString(let text): ByteBuffer(string: text)
        default: nil
        }
    }

    /// An integer reply, or a string or double that holds a whole number.
    public var int: Int? {
        switch self {
        case .integer(let value): Int(exactly: value)
        case .double(let value): Int(exactly: value)
        case .boolean(let value): value ? 1 : 0
        default: string.flatMap { Int($0) }
        }
    }

    /// A double reply, an integer, or a string that parses as one (RESP2 returns `ZSCORE` as text).
    public var double: Double? {
        switch self {
        case .double(let value): value
        case .integer(let value): Double(value)
        default: string.flatMap { RESPValue.parseDouble($0) }
        }
    }

    /// A boolean reply, or RESP2's 1/0 integer.
    public var bool: Bool? {
        switch self {
        case .boolean(let value): value
        case .integer(let value) where value == 0 || value == 1: value == 1
        default: nil
        }
    }

    /// The elements of an array, set (in no particular order) or push.
    public var array: [RESPValue]? {
        switch self {
        case .array(let values?), .push(let values): values
        case .set(let values): Array(values)
        case .attribute(_, let value): value.array
        default: nil
        }
    }

    /// A RESP3 map, or a RESP2 flat array of alternating keys and values.
    public var map: [RESPValue: RESPValue]? {
        switch self {
        case .map(let pairs): return pairs
        case .attribute(_, let value): return value.map
        case .array(let values?) where values.count.isMultiple(of: 2):
            var pairs: [RESPValue: RESPValue] = [:]
            pairs.reserveCapacity(values.count / 2)
            for index in stride(from: 0, to: values.count, by: 2) {
                pairs[values[index].normalizedKey] = values[index + 1]
            }
            return pairs
        default: return nil
        }
    }

    /// ``map`` with keys converted to text (non-text keys are dropped).
    public var stringMap: [String: RESPValue]? {
        guard let pairs = map else { return nil }
        var result: [String: RESPValue] = [:]
        for (key, value) in pairs {
            if let text = key.string { result[text] = value }
        }
        return result
    }

    /// The message of an error reply.
    public var errorMessage: String? {
        if case .error(let message) = self { return message }
        return nil
    }

    /// Simple strings become bulk strings, so RESP2 and RESP3 map keys compare equal.
    var normalizedKey: RESPValue {
        if case .simpleString(let text) = self { return .bulk(text) }
        return self
    }

    static func parseDouble(_ text: String) -> Double? {
        switch text {
        case "inf", "+inf": .infinity
        case "-inf": -.infinity
        case "nan": .nan
        default: Double(text)
        }
    }
}

extension RESPValue: ExpressibleByStringLiteral {
    /// A bulk string.
    public init(stringLiteral value: String) {
        self = .bulk(value)
    }
}

extension RESPValue: ExpressibleByIntegerLiteral {
    /// An integer.
    public init(integerLiteral value: Int64) {
        self = .integer(value)
    }
}

extension RESPValue: CustomStringConvertible {
    /// A compact, readable rendering for logs and test failures.
    public var description: String {
        switch self {
        case .simpleString(let text): "+\(text)"
        case .error(let message): "-\(message)"
        case .integer(let value): ":\(value)"
        case .bulkString(nil), .array(nil), .null: "(nil)"
        case .bulkString(let bytes?): "\"\(String(buffer: bytes))\""
        case .array(let values?): "[\(values.map(\.description).joined(separator: ", "))]"
        case .double(let value): ",\(value)"
        case .boolean(let value): value ? "#t" : "#f"
        case .bigNumber(let text): "(\(text)"
        case .verbatimString(let format, let bytes): "\(format):\"\(String(buffer: bytes))\""
        case .map(let pairs): "{\(pairs.map { "\($0.key): \($0.value)" }.sorted().joined(separator: ", "))}"
        case .set(let values): "~{\(values.map(\.description).sorted().joined(separator: ", "))}"
        case .attribute(let attributes, let value): "|\(RESPValue.map(attributes)) \(value)"
        case .push(let values): ">[\(values.map(\.description).joined(separator: ", "))]"
        }
    }
}
