import Foundation
import Subprocess

extension TestMedia {
    /// A voice track for mux tests: `text` spoken by espeak-ng, starting at `start` seconds, in a
    /// mono 22.05 kHz WAV of `seconds` length (silence around the speech).
    public static func generateSpeech(_ text: String, language: String = "en", start: Double, seconds: Double, to destination: URL) async throws -> URL {
        let speech = destination.deletingPathExtension().appendingPathExtension("raw.wav")
        defer { try? FileManager.default.removeItem(at: speech) }
        let result = try await Subprocess.run(
            .name("espeak-ng"), arguments: ["-v", language, "-w", speech.path, "--", text],
            output: .discarded, error: .string(limit: 64 * 1024)
        )
        guard result.terminationStatus.isSuccess else {
            throw TestMediaError("espeak-ng failed: \(result.standardError)")
        }
        let delay = Int((start * 1000).rounded())
        try await ffmpeg([
            "-i", speech.path, "-af", "adelay=\(delay):all=1,apad,atrim=0:\(seconds)",
            "-ac", "1", "-c:a", "pcm_s16le", destination.path,
        ])
        return destination
    }
}
