import AsyncHTTPClient
import Foundation
import Logging
import SpoolCore
import YandexVOT

/// The `yandex` engine: Yandex's voice-over translation, by the video's page URL (spec `yandex-vot.md`).
///
/// It asks the service to translate the page, polls on the service's hint, uploads the extracted audio
/// when the service asks for it (YouTube links first try the upload-free `fail-audio-js` path), and
/// downloads the finished MP3 into the job's work folder as `voice-yandex-<lang>.mp3`.
public struct YandexDubbingProvider: DubbingProvider {
    /// Engine settings beyond the client's.
    public struct Options: Sendable {
        /// Polling, retries, the total wait and the injectable sleep.
        public var translator: VOTTranslator.Configuration
        /// Ask for lively voices (only used with an OAuth token, a known source language and Russian).
        public var livelyVoice: Bool

        /// Creates options.
        public init(translator: VOTTranslator.Configuration = VOTTranslator.Configuration(), livelyVoice: Bool = false) {
            self.translator = translator
            self.livelyVoice = livelyVoice
        }
    }

    /// `yandex`.
    public let name = "yandex"
    /// Russian, English and Kazakh.
    public let supportedTargetLanguages: Set<String>? = VOTTranslationRequest.targetLanguages

    private let client: VOTClient
    private let translator: VOTTranslator
    private let options: Options
    private let logger: Logger

    /// Creates the engine on an HTTP client the caller owns and shuts down.
    public init(configuration: VOTClient.Configuration = VOTClient.Configuration(), options: Options = Options(), httpClient: HTTPClient, logger: Logger) {
        self.client = VOTClient(configuration: configuration, httpClient: httpClient, logger: logger)
        self.translator = VOTTranslator(client: client, configuration: options.translator)
        self.options = options
        self.logger = logger
    }

    /// Translates `request.sourceURL` and downloads the voice-over.
    public func dub(_ request: DubbingRequest, progress: @escaping @Sendable (DubbingProgress) async -> Void) async throws -> DubbingResult {
        let target = request.targetLanguage.lowercased()
        guard VOTTranslationRequest.targetLanguages.contains(target) else {
            throw SpoolError(.unsupportedLanguage, "Yandex cannot speak '\(request.targetLanguage)' (it speaks ru, en, kk)")
        }
        let translation = makeRequest(request, target: target)
        let reporter = YandexProgressReporter(progress: progress)
        await progress(DubbingProgress(percent: 0, message: "Yandex: asking for a \(target) voice-over of \(translation.url)"))
        let extractAudio = request.extractAudio
        do {
            let result = try await translator.translate(
                translation, audio: { VOTAudioFile(path: try await extractAudio()) }, events: { await reporter.report($0) }
            )
            let path = URL(fileURLWithPath: request.workDirectory).appendingPathComponent("voice-yandex-\(target).mp3").path
            await progress(DubbingProgress(percent: 98, message: "Yandex: downloading the voice-over"))
            let bytes = try await client.download(result.audioURL, to: path)
            logger.info("Yandex voice-over downloaded", metadata: [
                "job.id": "\(request.jobID)", "dubbing.bytes": "\(bytes)", "dubbing.polls": "\(result.polls)",
            ])
            await progress(DubbingProgress(percent: 100, message: "Yandex: voice-over ready (\(Self.seconds(result.duration)))"))
            return DubbingResult(audioPath: path, language: target)
        } catch let error as VOTError {
            throw Self.spoolError(error)
        }
    }

    /// The VOT request for a job: canonical URL, known duration, a source language the service accepts.
    func makeRequest(_ request: DubbingRequest, target: String) -> VOTTranslationRequest {
        let source = Self.sourceLanguage(request.sourceLanguage)
        let lively = options.livelyVoice && client.configuration.oauthToken?.isEmpty == false && source != "auto" && target == "ru"
        return VOTTranslationRequest(
            url: VOTVideoURL.canonical(request.sourceURL), duration: request.duration, sourceLanguage: source,
            targetLanguage: target, title: request.title ?? "", useLivelyVoice: lively
        )
    }

    /// `en-US` → `en`; unknown or unsupported → `auto`.
    static func sourceLanguage(_ language: String?) -> String {
        guard let language else { return "auto" }
        let code = language.lowercased().split(whereSeparator: { $0 == "-" || $0 == "_" }).first.map(String.init) ?? ""
        return VOTTranslationRequest.sourceLanguages.contains(code) ? code : "auto"
    }

    /// Retryable failures → `dubbing_failed`; refusals (auth, unknown status, 4xx) → `dubbing_rejected`.
    static func spoolError(_ error: VOTError) -> SpoolError {
        SpoolError(error.isRetryable ? .dubbingFailed : .dubbingRejected, "Yandex: \(error.description)")
    }

    private static func seconds(_ duration: Double?) -> String {
        guard let duration else { return "length unknown" }
        return "\(Int(duration.rounded())) s"
    }
}
