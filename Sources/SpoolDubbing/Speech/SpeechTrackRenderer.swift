import Foundation
import SpoolCore

/// Speaks timed phrases and assembles them into one voice track of the video's length.
///
/// Each phrase's slot runs from its start to the next phrase's start (or the end of the video). The phrase
/// is synthesized, fitted into its slot by ``CueFitter`` and written at its start sample; everything else is
/// silence. Phrases are synthesized a few at a time and written in order as they become ready.
public struct SpeechTrackRenderer: Sendable {
    /// How phrases are fitted and the track is written.
    public struct Configuration: Sendable, Hashable {
        /// The track's sample rate (mono, 16-bit).
        public var sampleRate: Int
        /// The largest speed-up used to fit a phrase into its slot (1.5 = 50 % faster).
        public var maxTempo: Double
        /// The fade-out, in seconds, when a phrase must be cut at its slot's end.
        public var fadeOut: Double
        /// Phrases synthesized at the same time.
        public var concurrency: Int
        /// The `ffmpeg` program: a name on PATH or a path.
        public var ffmpeg: String

        /// Creates a configuration.
        public init(sampleRate: Int = 24_000, maxTempo: Double = 1.5, fadeOut: Double = 0.06, concurrency: Int = 2, ffmpeg: String = "ffmpeg") {
            self.sampleRate = sampleRate
            self.maxTempo = min(max(maxTempo, 1), 4)
            self.fadeOut = fadeOut
            self.concurrency = max(1, concurrency)
            self.ffmpeg = ffmpeg
        }
    }

    /// What a rendering did.
    public struct Report: Sendable, Hashable {
        /// The voice track (mono 16-bit WAV).
        public var path: String
        /// Phrases given.
        public var phrases: Int
        /// Phrases that made it into the track.
        public var spoken: Int
        /// Phrases sped up to fit.
        public var spedUp: Int
        /// Phrases cut at their slot's end even after speeding up.
        public var cut: Int
        /// The track's length in seconds.
        public var duration: Double

        /// One log line: phrases spoken, sped up and cut.
        public var summary: String {
            "voice track ready: \(spoken) of \(phrases) phrases spoken, \(spedUp) sped up, \(cut) cut short"
        }
    }

    /// Who speaks.
    public var synthesizer: any SpeechSynthesizer
    /// Fitting and assembly settings.
    public var configuration: Configuration

    /// Creates a renderer.
    public init(synthesizer: any SpeechSynthesizer, configuration: Configuration = Configuration()) {
        self.synthesizer = synthesizer
        self.configuration = configuration
    }

    /// Renders `phrases` spoken in `language` into `outputPath`, exactly `duration` seconds long.
    ///
    /// - Parameters:
    ///   - scratchDirectory: Where per-phrase files go (created; they are removed as they are used).
    ///   - progress: Called with (phrases done, phrases in all) after each phrase.
    /// - Throws: The synthesizer's or ffmpeg's ``SpoolError``; `CancellationError`.
    public func render(
        _ phrases: [SubtitleCue],
        language: String,
        duration: Double,
        outputPath: String,
        scratchDirectory: String,
        progress: @escaping @Sendable (_ done: Int, _ total: Int) async -> Void = { _, _ in }
    ) async throws -> Report {
        try FileManager.default.createDirectory(atPath: scratchDirectory, withIntermediateDirectories: true)
        let slots = Self.slots(for: phrases, duration: duration, sampleRate: configuration.sampleRate)
        var writer = try VoiceTrackWriter(path: outputPath, sampleRate: configuration.sampleRate, sampleCount: Self.sampleCount(duration, configuration.sampleRate))
        var report = Report(path: outputPath, phrases: phrases.count, spoken: 0, spedUp: 0, cut: 0, duration: duration)
        let fitter = CueFitter(configuration: configuration)
        try await withThrowingTaskGroup(of: (Int, CueFitter.Fitted?).self) { group in
            var next = 0
            func startNext() {
                guard next < slots.count else { return }
                let slot = slots[next]
                let file = "\(scratchDirectory)/phrase-\(String(format: "%05d", next)).wav"
                group.addTask { [synthesizer = self.synthesizer] in
                    defer { try? FileManager.default.removeItem(atPath: file) }
                    try await synthesizer.synthesize(slot.cue.text, language: language, to: file)
                    return (slot.index, try await fitter.fit(speechFile: file, slotSamples: slot.samples))
                }
                next += 1
            }
            for _ in 0..<configuration.concurrency { startNext() }
            var ready: [Int: CueFitter.Fitted?] = [:]
            var written = 0
            while let (index, fitted) = try await group.next() {
                startNext()
                ready[index] = .some(fitted)
                while written < slots.count, let entry = ready.removeValue(forKey: written) {
                    if let fitted = entry, !fitted.audio.samples.isEmpty {
                        try writer.place(fitted.audio, at: slots[written].offset)
                        report.spoken += 1
                        if fitted.tempo > 1 { report.spedUp += 1 }
                        if fitted.wasCut { report.cut += 1 }
                    }
                    written += 1
                }
                await progress(written, slots.count)
            }
        }
        try writer.finish()
        return report
    }

    /// Where a phrase goes: its index among the slots, its start sample and the samples it may fill.
    struct Slot: Sendable {
        var index: Int
        var cue: SubtitleCue
        var offset: Int
        var samples: Int
    }

    /// The slots of `phrases` (sorted by start): from a phrase's start to the next one's start or the
    /// end; phrases with less than 0.1 s of room (e.g. starting after the end) are left out.
    static func slots(for phrases: [SubtitleCue], duration: Double, sampleRate: Int) -> [Slot] {
        let sorted = phrases.sorted { $0.start < $1.start }
        let total = sampleCount(duration, sampleRate)
        var slots: [Slot] = []
        for (position, cue) in sorted.enumerated() {
            let offset = sampleCount(max(0, cue.start), sampleRate)
            let end = position + 1 < sorted.count ? min(total, sampleCount(sorted[position + 1].start, sampleRate)) : total
            guard end - offset >= sampleRate / 10 else { continue }
            slots.append(Slot(index: slots.count, cue: cue, offset: offset, samples: end - offset))
        }
        return slots
    }

    /// `seconds` in samples, rounded.
    static func sampleCount(_ seconds: Double, _ sampleRate: Int) -> Int {
        Int((max(0, seconds) * Double(sampleRate)).rounded())
    }
}
