/// Speaks text: one phrase in, one audio file out.
///
/// Implementations: ``EspeakSynthesizer`` (offline, many languages), ``PiperSynthesizer`` (offline,
/// neural voices where a model is installed), ``OpenAISpeechSynthesizer`` (an OpenAI-compatible server).
public protocol SpeechSynthesizer: Sendable {
    /// Writes `text` spoken in `language` (ISO 639-1) to `outputPath` as audio ffmpeg can read (WAV).
    ///
    /// - Throws: ``SpoolCore/SpoolError`` (`.toolMissing`, `.dubbingFailed`, …); `CancellationError`.
    func synthesize(_ text: String, language: String, to outputPath: String) async throws
}
