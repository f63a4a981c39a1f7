import SpoolCore
import Synchronization
import YandexVOT

/// Turns translator events into job progress: a percent from the remaining-time hints, and log lines.
final class YandexProgressReporter: Sendable {
    let progress: @Sendable (DubbingProgress) async -> Void
    private let best = Mutex<Double>(0)

    init(progress: @escaping @Sendable (DubbingProgress) async -> Void) {
        self.progress = progress
    }

    func report(_ event: VOTTranslator.Event) async {
        switch event {
        case .waiting(_, let remaining, _, let waited):
            let message = remaining.map { "Yandex: translating, about \($0) s left" } ?? "Yandex: translating"
            var percent: Double?
            if let remaining, remaining > 0 {
                let done = Double(waited.components.seconds)
                let estimate = 95 * done / (done + Double(remaining))
                percent = best.withLock { best in
                    best = max(best, estimate)
                    return best
                }
            }
            await progress(DubbingProgress(percent: percent, message: message))
        case .partialAudio:
            await progress(DubbingProgress(message: "Yandex: the first part of the voice-over is ready"))
        case .languageDetected(let language):
            await progress(DubbingProgress(message: "Yandex: detected source language '\(language)'"))
        case .audioRequested:
            await progress(DubbingProgress(message: "Yandex: the service asked for the video's audio"))
        case .uploadedAudio(let part, let count):
            await progress(DubbingProgress(message: "Yandex: uploaded audio part \(part) of \(count)"))
        case .retrying(let attempt, let delay, let message):
            let reason = message ?? "temporary failure"
            await progress(DubbingProgress(message: "Yandex: \(reason); retry \(attempt) in \(delay.components.seconds) s"))
        }
    }
}
