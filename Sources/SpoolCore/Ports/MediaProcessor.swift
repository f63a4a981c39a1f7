/// Turns media files into other media files with ffmpeg (in SpoolMedia): the dub stage's audio
/// extraction and the mux stage's voice-over mix. A transcode (seed 003's PROCESSING stage) joins
/// them as a third operation with its own request value.
///
/// Every operation reads and writes local files (in the job's work folder), reports progress 0…100,
/// throws ``SpoolError`` (`tool_failed`, `tool_missing`, `storage_error`), and stops its child
/// process when the calling task is cancelled.
public protocol MediaProcessor: Sendable {
    /// Writes the source's first audio stream as mono 16 kHz 16-bit PCM WAV (seed 000's extraction);
    /// the WAV appears at `output` only once it is complete, so a half-written one is never reused.
    func extractAudio(_ request: AudioExtractionRequest, progress: @escaping @Sendable (Double) async -> Void) async throws

    /// Writes the source with its original audio and a voice-over track mixed over the ducked original.
    func mixVoiceOver(_ request: VoiceOverRequest, progress: @escaping @Sendable (Double) async -> Void) async throws
}

/// An audio extraction: which file, where to write the WAV.
public struct AudioExtractionRequest: Sendable, Hashable {
    /// The media file.
    public var source: String
    /// Where the WAV goes.
    public var output: String
    /// The source's duration in seconds, for progress percentages.
    public var duration: Double?

    /// Creates a request.
    public init(source: String, output: String, duration: Double? = nil) {
        self.source = source
        self.output = output
        self.duration = duration
    }
}

/// A voice-over mix: the video copied untouched, the original audio as the first track and the
/// voice over the ducked original, normalised, as the second (default) track.
public struct VoiceOverRequest: Sendable, Hashable {
    /// The downloaded file (video and original audio).
    public var source: String
    /// The voice track (any format ffmpeg reads).
    public var voice: String
    /// Where to write the result; its extension picks the container.
    public var output: String
    /// The video's duration in seconds; every track is cut or padded to it.
    public var duration: Double
    /// Voice-over language (ISO 639-1).
    public var voiceLanguage: String
    /// The original's language (ISO 639-1), when known.
    public var originalLanguage: String?
    /// Whether the source has a video stream (audio-only downloads get an audio-only result).
    public var hasVideo: Bool
    /// Ducking, loudness and bit rate.
    public var settings: VoiceOverSettings

    /// Creates a request.
    public init(
        source: String, voice: String, output: String, duration: Double, voiceLanguage: String,
        originalLanguage: String? = nil, hasVideo: Bool = true, settings: VoiceOverSettings = VoiceOverSettings()
    ) {
        self.source = source
        self.voice = voice
        self.output = output
        self.duration = duration
        self.voiceLanguage = voiceLanguage
        self.originalLanguage = originalLanguage
        self.hasVideo = hasVideo
        self.settings = settings
    }
}

/// How a voice-over is mixed (from configuration).
public struct VoiceOverSettings: Sendable, Hashable {
    /// Gain of the original while the voice speaks, 0…1 (DUCKING_LEVEL, seed default 0.3 ≈ −10 dB).
    public var duckingLevel: Double
    /// Integrated loudness target of the voice-over track in LUFS (NORMALIZATION_LUFS, default −18).
    public var loudnessTarget: Double
    /// Highest true peak allowed, dBTP.
    public var truePeak: Double
    /// Bit rate of the voice-over track's AAC.
    public var bitrate: String

    /// Creates settings with seed 000's defaults; levels are clamped to what ffmpeg accepts.
    public init(duckingLevel: Double = 0.3, loudnessTarget: Double = -18, truePeak: Double = -1.5, bitrate: String = "192k") {
        self.duckingLevel = min(max(duckingLevel, 0), 1)
        self.loudnessTarget = min(max(loudnessTarget, -70), -5)
        self.truePeak = min(max(truePeak, -9), 0)
        self.bitrate = bitrate
    }
}
