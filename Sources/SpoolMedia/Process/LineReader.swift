import Subprocess

/// Reads a child's output pipe line by line.
struct LineReader {
    private var bytes: SubprocessOutputSequence.Iterator
    private var splitter = LineSplitter()
    private var ready: [String] = []
    private var ended = false

    /// Starts reading `output` (a pipe can be read only once).
    init(_ output: SubprocessOutputSequence) {
        bytes = output.makeAsyncIterator()
    }

    /// The next line, or nil at end of stream.
    mutating func next() async throws -> String? {
        while ready.isEmpty {
            if ended { return nil }
            if let buffer = try await bytes.next() {
                ready = buffer.withUnsafeBytes { splitter.push($0) }
            } else {
                ended = true
                ready = splitter.finish().map { [$0] } ?? []
            }
        }
        return ready.removeFirst()
    }
}
