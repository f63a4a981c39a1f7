/// Where an OpenAI-compatible server is and which of its models to use.
///
/// Works with OpenAI itself and with self-hosted servers that speak the same API (e.g. a Whisper server
/// for `/audio/transcriptions`, a local LLM for `/chat/completions`, a TTS server for `/audio/speech`).
public struct OpenAIConfiguration: Sendable, Hashable {
    /// The API root including the version, e.g. `https://api.openai.com/v1` or `http://127.0.0.1:8080/v1`.
    public var baseURL: String
    /// The bearer token; nil sends no `Authorization` header (many self-hosted servers need none).
    public var apiKey: String?
    /// The speech-to-text model (`/audio/transcriptions`).
    public var transcriptionModel: String
    /// The chat model that translates (`/chat/completions`).
    public var chatModel: String
    /// The text-to-speech model (`/audio/speech`).
    public var speechModel: String
    /// The speech voice.
    public var voice: String
    /// The longest any one request may take, in seconds.
    public var requestTimeout: Double
    /// Segments translated per chat request.
    public var translationBatchSize: Int
    /// The longest audio uploaded in one transcription request, in seconds; longer audio goes in pieces
    /// (OpenAI accepts at most 25 MB per file: about 13 minutes of 16 kHz mono PCM).
    public var maxUploadSeconds: Double

    /// Creates a configuration.
    public init(
        baseURL: String = "https://api.openai.com/v1",
        apiKey: String? = nil,
        transcriptionModel: String = "whisper-1",
        chatModel: String = "gpt-4o-mini",
        speechModel: String = "tts-1",
        voice: String = "alloy",
        requestTimeout: Double = 300,
        translationBatchSize: Int = 25,
        maxUploadSeconds: Double = 600
    ) {
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.apiKey = apiKey
        self.transcriptionModel = transcriptionModel
        self.chatModel = chatModel
        self.speechModel = speechModel
        self.voice = voice
        self.requestTimeout = requestTimeout
        self.translationBatchSize = max(1, translationBatchSize)
        self.maxUploadSeconds = max(1, maxUploadSeconds)
    }
}
