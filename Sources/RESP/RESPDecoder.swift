import NIOCore

/// A NIO decoder of RESP2/RESP3 values: incremental (waits for partial frames), bounded by
/// ``Configuration`` limits, and strict (invalid bytes raise ``RedisError/protocolViolation(_:)``).
public struct RESPDecoder: ByteToMessageDecoder, Sendable {
    /// Limits that keep a hostile or broken peer from exhausting memory.
    public struct Configuration: Sendable, Hashable {
        /// The longest bulk string accepted (Redis' own limit is 512 MiB).
        public var maximumBulkLength: Int
        /// The most elements in one array, set, map or push.
        public var maximumAggregateLength: Int
        /// The deepest nesting of aggregates.
        public var maximumDepth: Int
        /// The longest simple string, error or number line.
        public var maximumLineLength: Int

        /// Creates limits; the defaults suit any real Redis reply.
        public init(
            maximumBulkLength: Int = 512 * 1024 * 1024,
            maximumAggregateLength: Int = 1 << 24,
            maximumDepth: Int = 64,
            maximumLineLength: Int = 64 * 1024
        ) {
            self.maximumBulkLength = maximumBulkLength
            self.maximumAggregateLength = maximumAggregateLength
            self.maximumDepth = maximumDepth
            self.maximumLineLength = maximumLineLength
        }
    }

    /// Decoded values.
    public typealias InboundOut = RESPValue

    private let parser: RESPParser

    /// Creates a decoder with the given limits.
    public init(configuration: Configuration = .init()) {
        self.parser = RESPParser(configuration: configuration)
    }

    /// Decodes one value if a whole one is buffered.
    public mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        guard let value = try decode(buffer: &buffer) else { return .needMoreData }
        context.fireChannelRead(wrapInboundOut(value))
        return .continue
    }

    /// Decodes what is left when the channel closes; a partial frame is dropped.
    public mutating func decodeLast(context: ChannelHandlerContext, buffer: inout ByteBuffer, seenEOF: Bool) throws -> DecodingState {
        try decode(context: context, buffer: &buffer)
    }

    /// Reads one value from `buffer`, or returns nil (consuming nothing) if it is incomplete.
    public func decode(buffer: inout ByteBuffer) throws(RedisError) -> RESPValue? {
        guard let (value, length) = try parser.parse(buffer) else { return nil }
        buffer.moveReaderIndex(forwardBy: length)
        return value
    }
}

/// A NIO encoder that writes ``RESPValue``s (for servers, proxies and tests; clients send ``RedisCommand``s).
public struct RESPEncoder: MessageToByteEncoder, Sendable {
    /// Values to write.
    public typealias OutboundIn = RESPValue

    /// Creates an encoder.
    public init() {}

    /// Writes `data` in RESP format.
    public func encode(data: RESPValue, out: inout ByteBuffer) throws {
        data.encode(into: &out)
    }
}
