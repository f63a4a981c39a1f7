import Foundation
import Synchronization

/// Reads a bounded number of bytes from an open file in chunks, closing it at the end.
final class ChunkReader: Sendable {
    private struct State {
        var handle: FileHandle?
        var remaining: Int64
    }

    private static let chunkSize: Int64 = 64 * 1024
    private let state: Mutex<State>

    /// Reads up to `remaining` bytes from `handle`'s current offset.
    init(handle: FileHandle, remaining: Int64) {
        state = Mutex(State(handle: handle, remaining: remaining))
    }

    /// The next chunk; nil (file closed) once `remaining` bytes were read or the file ended.
    func next() throws -> [UInt8]? {
        try state.withLock { state in
            guard let handle = state.handle else { return nil }
            guard state.remaining > 0, let data = try handle.read(upToCount: Int(min(Self.chunkSize, state.remaining))), !data.isEmpty else {
                try? handle.close()
                state.handle = nil
                return nil
            }
            state.remaining -= Int64(data.count)
            return [UInt8](data)
        }
    }
}
