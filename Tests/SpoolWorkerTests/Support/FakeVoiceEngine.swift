import SpoolCore
import Synchronization

/// A ``DubbingProvider`` named `tts` that asks for the original audio and writes `voice.wav` into
/// its work folder in the ``FakeStorage``.
final class FakeVoiceEngine: DubbingProvider {
    let name = "tts"
    let supportedTargetLanguages: Set<String>? = nil
    private let storage: FakeStorage
    private let received = Mutex<[DubbingRequest]>([])

    init(storage: FakeStorage) {
        self.storage = storage
    }

    var requests: [DubbingRequest] { received.withLock { $0 } }

    func dub(_ request: DubbingRequest, progress: @escaping @Sendable (DubbingProgress) async -> Void) async throws -> DubbingResult {
        received.withLock { $0.append(request) }
        _ = try await request.extractAudio()
        await progress(DubbingProgress(percent: 50, message: "speaking"))
        let voice = request.workDirectory + "/voice.wav"
        storage.add(voice, "voice")
        return DubbingResult(audioPath: voice, language: request.targetLanguage)
    }
}
