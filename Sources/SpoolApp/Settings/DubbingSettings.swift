import AsyncHTTPClient
import Foundation
import Logging
import SpoolCore
import SpoolDubbing

/// Settings of the dubbing engines, read from their own environment variables.
///
/// - `tts`: `ESPEAK_PATH`, `TTS_WORDS_PER_MINUTE` (175), `PIPER_PATH`, `PIPER_MODELS`
///   (`en=/voices/en.onnx,de=…`; piper speaks those languages, espeak-ng every other),
///   `TTS_MAX_TEMPO` (1.5: how much a phrase may be sped up to fit its subtitle's time).
/// - `openai` (offered only when `OPENAI_BASE_URL` is set): `OPENAI_API_KEY`,
///   `OPENAI_TRANSCRIPTION_MODEL` (whisper-1), `OPENAI_CHAT_MODEL` (gpt-4o-mini),
///   `OPENAI_SPEECH_MODEL` (tts-1), `OPENAI_VOICE` (alloy), `OPENAI_TIMEOUT` (300 s).
/// - `yandex`: `YANDEX_VOT_HOST`, `YANDEX_VOT_PROXY`, `YANDEX_VOT_TIMEOUT`, `YANDEX_VOT_MAX_WAIT`,
///   `YANDEX_OAUTH_TOKEN` (see ``YandexDubbingProvider/settings(from:)``).
public struct DubbingSettings: Sendable {
    /// Dubbing jobs at once (DUBBING_CONCURRENCY, default 2).
    public var concurrency: Int = 2
    /// Default voice-over language (TARGET_LANG, default ru).
    public var targetLanguage: String = "ru"
    /// Engine of jobs that name none (DUBBING_PROVIDER: yandex, tts or openai; default yandex).
    public var provider: String = "yandex"
    /// The offline engine's settings.
    public var tts = TTSDubbingProvider.Configuration()
    /// The OpenAI-compatible engine's settings; nil when no endpoint is configured.
    public var openAI: OpenAIDubbingProvider.Configuration?
    /// The Yandex engine's variables (validated when read).
    var yandexEnvironment: [String: String] = [:]

    /// Creates the defaults (tts and yandex offered, openai not).
    public init() {}

    /// Reads the engines' variables.
    init(reader: EnvironmentReader, ffmpegPath: String = "ffmpeg", ffprobePath: String = "ffprobe") throws {
        concurrency = try reader.int("DUBBING_CONCURRENCY", range: 1...64) ?? concurrency
        targetLanguage = reader.string("TARGET_LANG") ?? targetLanguage
        if let name = reader.string("DUBBING_PROVIDER") {
            guard ["yandex", "tts", "openai"].contains(name) else {
                throw ConfigurationError(variable: "DUBBING_PROVIDER", message: "must be yandex, tts or openai")
            }
            provider = name
        }
        var track = tts.track
        track.ffmpeg = ffmpegPath
        track.maxTempo = try reader.double("TTS_MAX_TEMPO", range: 1...4) ?? track.maxTempo
        tts = TTSDubbingProvider.Configuration(
            espeak: reader.string("ESPEAK_PATH") ?? "espeak-ng",
            wordsPerMinute: try reader.int("TTS_WORDS_PER_MINUTE", range: 80...450) ?? 175,
            piper: reader.string("PIPER_PATH") ?? "piper",
            piperModels: try Self.piperModels(reader.string("PIPER_MODELS")),
            track: track,
            ffprobe: ffprobePath
        )
        if let base = reader.string("OPENAI_BASE_URL") {
            guard base.hasPrefix("http://") || base.hasPrefix("https://") else {
                throw ConfigurationError(variable: "OPENAI_BASE_URL", message: "must be an http(s) URL such as https://api.openai.com/v1")
            }
            let server = OpenAIConfiguration(
                baseURL: base,
                apiKey: reader.string("OPENAI_API_KEY"),
                transcriptionModel: reader.string("OPENAI_TRANSCRIPTION_MODEL") ?? "whisper-1",
                chatModel: reader.string("OPENAI_CHAT_MODEL") ?? "gpt-4o-mini",
                speechModel: reader.string("OPENAI_SPEECH_MODEL") ?? "tts-1",
                voice: reader.string("OPENAI_VOICE") ?? "alloy",
                requestTimeout: try reader.duration("OPENAI_TIMEOUT").map { $0.timeInterval } ?? 300
            )
            openAI = OpenAIDubbingProvider.Configuration(server: server, track: track, ffprobe: ffprobePath)
        }
        yandexEnvironment = reader.env.filter { $0.key.hasPrefix("YANDEX_") }
        do {
            _ = try YandexDubbingProvider.settings(from: yandexEnvironment)
        } catch let error as SpoolError {
            throw ConfigurationError(variable: "YANDEX_*", message: error.message)
        }
    }

    /// `lang=path,lang=path` → a dictionary.
    static func piperModels(_ text: String?) throws -> [String: String] {
        guard let text else { return [:] }
        var models: [String: String] = [:]
        for pair in text.split(separator: ",") {
            let parts = pair.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
                throw ConfigurationError(variable: "PIPER_MODELS", message: "must be lang=/path/model.onnx pairs separated by commas")
            }
            models[parts[0]] = parts[1]
        }
        return models
    }

    /// The engines this process can run.
    func engines(logger: Logger) -> [any DubbingProvider] {
        var engines: [any DubbingProvider] = [TTSDubbingProvider(configuration: tts, logger: logger)]
        if let openAI {
            engines.append(OpenAIDubbingProvider(configuration: openAI, httpClient: .shared, logger: logger))
        }
        if let (client, options) = try? YandexDubbingProvider.settings(from: yandexEnvironment) {
            engines.append(YandexDubbingProvider(configuration: client, options: options, httpClient: .shared, logger: logger))
        }
        return engines
    }
}
