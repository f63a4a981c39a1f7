import Foundation
import SpoolCore

/// Speaks with piper (neural voices): `piper --model <voice.onnx> --output_file <out.wav>`, text on stdin.
///
/// Piper has one voice per model file; ``models`` maps a language to the model that speaks it.
public struct PiperSynthesizer: SpeechSynthesizer {
    /// The `piper` program: a name on PATH or a path.
    public var executable: String
    /// Voice model (`.onnx`) per language code (ISO 639-1).
    public var models: [String: String]

    /// Creates a synthesizer.
    public init(executable: String = "piper", models: [String: String]) {
        self.executable = executable
        self.models = models
    }

    /// Whether piper is installed and a model for `language` exists.
    public func canSpeak(_ language: String) -> Bool {
        guard let model = models[Self.baseLanguage(language)] else { return false }
        return SpeechTool.locate(executable) != nil && FileManager.default.fileExists(atPath: model)
    }

    /// Speaks `text` with the model for `language`.
    ///
    /// - Throws: ``SpoolError`` `.unsupportedLanguage` without a model, `.toolMissing` without piper.
    public func synthesize(_ text: String, language: String, to outputPath: String) async throws {
        guard let model = models[Self.baseLanguage(language)] else {
            throw SpoolError(.unsupportedLanguage, "no piper voice model for '\(language)'")
        }
        let arguments = ["--model", model, "--output_file", outputPath]
        try await SpeechTool.run(tool: "piper", program: executable, arguments: arguments, input: text)
    }

    /// The language a piper model file speaks, from its name: `en_US-lessac-medium.onnx` → `en`.
    public static func language(ofModel path: String) -> String? {
        let name = URL(fileURLWithPath: path).lastPathComponent
        let code = name.prefix { $0.isLetter }
        guard (2...3).contains(code.count) else { return nil }
        return code.lowercased()
    }

    private static func baseLanguage(_ language: String) -> String {
        String(language.lowercased().prefix { $0.isLetter })
    }
}
