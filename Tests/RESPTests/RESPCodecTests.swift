import NIOCore
import Testing
@testable import RESP

@Suite("RESP codec")
struct RESPCodecTests {
    static let samples: [RESPValue] = [
        .simpleString("OK"),
        .error("WRONGTYPE Operation against a key holding the wrong kind of value"),
        .integer(-42),
        .integer(Int64.max),
        .bulkString(ByteBuffer(bytes: [0, 13, 10, 255])),
        .bulkString(ByteBuffer()),
        .bulkString(nil),
        .array(nil),
        .array([]),
        .array([.integer(1), .bulk("two"), .array([.null, .boolean(true)])]),
        .null,
        .double(1.5),
        .double(-.infinity),
        .boolean(false),
        .bigNumber("3492890328409238509324850943850943825024385"),
        .verbatimString(format: "txt", ByteBuffer(string: "Some string")),
        .map([.bulk("field"): .integer(1), .simpleString("other"): .double(2.25)]),
        .set([.bulk("a"), .bulk("b"), .integer(3)]),
        .attribute([.bulk("ttl"): .integer(3600)], .array([.integer(2), .integer(3)])),
        .push([.bulk("message"), .bulk("events:progress"), .bulk("{\"p\":42}")]),
    ]

    @Test("every RESP2 and RESP3 type survives encode then decode", arguments: samples)
    func roundTrip(value: RESPValue) throws {
        var buffer = ByteBuffer()
        value.encode(into: &buffer)
        let decoded = try RESPDecoder().decode(buffer: &buffer)
        #expect(decoded == value)
        #expect(buffer.readableBytes == 0)
    }

    @Test("a stream cut at every byte decodes only whole values, and all of them once the rest arrives")
    func partialFrames() throws {
        var whole = ByteBuffer()
        for value in Self.samples { value.encode(into: &whole) }
        let bytes = Array(whole.readableBytesView)
        let decoder = RESPDecoder()
        for cut in 0..<bytes.count {
            var buffer = ByteBuffer(bytes: bytes[..<cut])
            var decoded: [RESPValue] = []
            while let value = try decoder.decode(buffer: &buffer) { decoded.append(value) }
            #expect(decoded == Array(Self.samples.prefix(decoded.count)))
            buffer.writeBytes(bytes[cut...])
            while let value = try decoder.decode(buffer: &buffer) { decoded.append(value) }
            #expect(decoded == Self.samples, "cut at \(cut)")
        }
    }

    @Test("a NaN double decodes as NaN")
    func nan() throws {
        var buffer = ByteBuffer(string: ",nan\r\n")
        let value = try #require(try RESPDecoder().decode(buffer: &buffer))
        #expect(value.double?.isNaN == true)
    }

    @Test("commands encode as arrays of bulk strings, arrays flattened")
    func commandEncoding() {
        let command = RedisCommand("set", "key", ["a", "b"], 42, 1.5, ByteBuffer(string: "x\r\n"))
        #expect(command.name == "SET")
        #expect(String(buffer: command.bytes) == "*7\r\n$3\r\nset\r\n$3\r\nkey\r\n$1\r\na\r\n$1\r\nb\r\n$2\r\n42\r\n$3\r\n1.5\r\n$3\r\nx\r\n\r\n")
    }

    static let malformed: [(String, String)] = [
        ("?oops\r\n", "unknown RESP type"),
        (":12a\r\n", "is not an integer"),
        (":99999999999999999999\r\n", "does not fit 64 bits"),
        ("$3\r\nabcd\r\n", "not followed by CRLF"),
        ("$-2\r\n", "negative length"),
        ("*-5\r\n", "negative length"),
        ("+OK\rX", "CR not followed by LF"),
        ("+OK\n", "LF without CR"),
        ("#x\r\n", "#t or #f"),
        (",abc\r\n", "is not a double"),
        ("_x\r\n", "null carries no data"),
        ("=2\r\nab\r\n", "format prefix"),
    ]

    @Test("malformed input raises a protocol violation that says what is wrong", arguments: malformed)
    func malformedInput(input: String, reason: String) {
        var buffer = ByteBuffer(string: input)
        #expect {
            _ = try RESPDecoder().decode(buffer: &buffer)
        } throws: { error in
            guard case .protocolViolation(let message) = error as? RedisError else { return false }
            return message.contains(reason)
        }
    }

    @Test("limits: bulk length, aggregate length, nesting depth and line length")
    func limits() throws {
        let configuration = RESPDecoder.Configuration(maximumBulkLength: 10, maximumAggregateLength: 3, maximumDepth: 2, maximumLineLength: 8)
        let decoder = RESPDecoder(configuration: configuration)
        for input in ["$11\r\n", "*4\r\n", "*1\r\n*1\r\n*1\r\n:1\r\n", "+0123456789"] {
            var buffer = ByteBuffer(string: input)
            #expect(throws: RedisError.self, "\(input.debugDescription)") { _ = try decoder.decode(buffer: &buffer) }
        }
        var fine = ByteBuffer(string: "$10\r\n0123456789\r\n")
        #expect(try decoder.decode(buffer: &fine) == .bulk("0123456789"))
    }

    @Test("accessors convert between RESP2 and RESP3 shapes")
    func accessors() {
        #expect(RESPValue.bulk("3.25").double == 3.25)
        #expect(RESPValue.double(2).int == 2)
        #expect(RESPValue.integer(1).bool == true)
        #expect(RESPValue.array([.bulk("a"), .bulk("1"), .bulk("b"), .bulk("2")]).stringMap?["b"] == .bulk("2"))
        #expect(RESPValue.map([.simpleString("a"): .integer(1)]).stringMap?["a"] == .integer(1))
        #expect(RESPValue.set([.bulk("x")]).array == [.bulk("x")])
        #expect(RESPValue.bulkString(nil).isNull && RESPValue.null.isNull && RESPValue.array(nil).isNull)
        #expect(!RESPValue.bulk("").isNull)
        #expect(RESPValue.verbatimString(format: "txt", ByteBuffer(string: "hi")).string == "hi")
    }

    @Test("server error lines split into code and message")
    func serverErrors() {
        #expect(RedisError(serverReply: "NOSCRIPT No matching script. Please use EVAL.") == .server(code: "NOSCRIPT", message: "No matching script. Please use EVAL."))
        #expect(RedisError(serverReply: "something odd") == .server(code: "ERR", message: "something odd"))
        #expect(RedisError.tlsFailed(reason: "bad CA").description.contains("TLS"))
    }
}
