import SpoolCore
import Synchronization

/// A ``MediaProcessor`` that writes its outputs into a ``FakeStorage`` and records its requests.
final class FakeProcessor: MediaProcessor {
    private let storage: FakeStorage
    private let recorded = Mutex<(extractions: [AudioExtractionRequest], mixes: [VoiceOverRequest])>(([], []))

    init(storage: FakeStorage) {
        self.storage = storage
    }

    var extractions: [AudioExtractionRequest] { recorded.withLock { $0.extractions } }
    var mixes: [VoiceOverRequest] { recorded.withLock { $0.mixes } }

    func extractAudio(_ request: AudioExtractionRequest, progress: @escaping @Sendable (Double) async -> Void) async throws {
        recorded.withLock { $0.extractions.append(request) }
        storage.add(request.output, "wav")
    }

    func mixVoiceOver(_ request: VoiceOverRequest, progress: @escaping @Sendable (Double) async -> Void) async throws {
        recorded.withLock { $0.mixes.append(request) }
        await progress(50)
        storage.add(request.output, "muxed")
    }
}
