import Subprocess

/// Reads a child's output pipe line by line.
///
/// `Chunks` yields the pipe's bytes in pieces: a ``SubprocessOutputSequence`` for a process Spool
/// spawned, a ``PipeReader`` stream for a pipe whose writer a fork server's child holds.
struct LineReader<Chunks: AsyncIteratorProtocol> {
    private var chunks: Chunks
    private let split: (inout LineSplitter, Chunks.Element) -> [String]
    private var splitter = LineSplitter()
    private var ready: [String] = []
    private var ended = false

    private init(chunks: Chunks, split: @escaping (inout LineSplitter, Chunks.Element) -> [String]) {
        self.chunks = chunks
        self.split = split
    }

    /// The next line, or nil at end of stream.
    mutating func next() async throws -> String? {
        while ready.isEmpty {
            if ended { return nil }
            if let chunk = try await chunks.next() {
                ready = split(&splitter, chunk)
            } else {
                ended = true
                ready = splitter.finish().map { [$0] } ?? []
            }
        }
        return ready.removeFirst()
    }
}

extension LineReader where Chunks == SubprocessOutputSequence.Iterator {
    /// Starts reading a spawned process's `output` (a pipe can be read only once).
    init(_ output: SubprocessOutputSequence) {
        self.init(chunks: output.makeAsyncIterator()) { splitter, buffer in
            buffer.withUnsafeBytes { splitter.push($0) }
        }
    }
}

extension LineReader where Chunks == PipeReader.Chunks.Iterator {
    /// Starts reading a pipe through `reader`.
    init(_ reader: PipeReader) {
        self.init(chunks: reader.chunks.makeAsyncIterator()) { splitter, bytes in
            splitter.push(bytes)
        }
    }
}
