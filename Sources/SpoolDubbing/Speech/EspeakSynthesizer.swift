import SpoolCore

/// Speaks with espeak-ng: `espeak-ng -v <language> -s <rate> -w <out.wav> --stdin`.
///
/// The text goes in on stdin, never as an argument, so a phrase starting with `-` is not read as an option.
public struct EspeakSynthesizer: SpeechSynthesizer {
    /// The `espeak-ng` program: a name on PATH or a path.
    public var executable: String
    /// Words per minute (espeak-ng's default is 175).
    public var wordsPerMinute: Int
    /// A voice name to use instead of the language code (e.g. `en-us`), nil for the language's default.
    public var voice: String?

    /// Creates a synthesizer.
    public init(executable: String = "espeak-ng", wordsPerMinute: Int = 175, voice: String? = nil) {
        self.executable = executable
        self.wordsPerMinute = wordsPerMinute
        self.voice = voice
    }

    /// Speaks `text` into a 22.05 kHz mono WAV file.
    public func synthesize(_ text: String, language: String, to outputPath: String) async throws {
        try await SpeechTool.run(tool: "espeak-ng", program: executable, arguments: arguments(language: language, outputPath: outputPath), input: text)
    }

    /// espeak-ng's arguments for one phrase.
    func arguments(language: String, outputPath: String) -> [String] {
        ["-v", voice ?? language, "-s", String(min(max(wordsPerMinute, 80), 450)), "-w", outputPath, "--stdin"]
    }

    /// The language codes espeak-ng has a voice for (`en`, `ru`, `zh`, `pt-br`, …), from `espeak-ng --voices`.
    ///
    /// - Throws: ``SpoolError`` `.toolMissing` when espeak-ng is not installed.
    public func languages() async throws -> Set<String> {
        let listing = try await SpeechTool.run(tool: "espeak-ng", program: executable, arguments: ["--voices"])
        return Self.languages(inVoiceList: listing)
    }

    /// Parses `espeak-ng --voices`: each voice's language, its base (`en` of `en-gb`) and its "other languages".
    static func languages(inVoiceList listing: String) -> Set<String> {
        var codes: Set<String> = []
        for line in listing.split(separator: "\n").dropFirst() {
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            guard fields.count >= 2 else { continue }
            let language = fields[1].lowercased()
            codes.insert(language)
            codes.insert(String(language.prefix { $0 != "-" }))
            // "Other Languages" looks like `(zh-cmn 5)(zh 5)`: a code and a priority per parenthesis.
            let others = fields.dropFirst(5).joined(separator: " ")
            for entry in others.split(separator: "(").dropFirst() {
                if let code = entry.split(whereSeparator: { $0 == " " || $0 == ")" }).first { codes.insert(code.lowercased()) }
            }
        }
        return codes
    }
}
