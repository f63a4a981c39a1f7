/// English names of common languages, for prompts and for Whisper's `language` field (`"english"`).
enum LanguageNames {
    private static let names: [String: String] = [
        "ar": "Arabic", "bg": "Bulgarian", "cs": "Czech", "da": "Danish", "de": "German", "el": "Greek",
        "en": "English", "es": "Spanish", "et": "Estonian", "fa": "Persian", "fi": "Finnish", "fr": "French",
        "he": "Hebrew", "hi": "Hindi", "hr": "Croatian", "hu": "Hungarian", "hy": "Armenian", "id": "Indonesian",
        "it": "Italian", "ja": "Japanese", "ka": "Georgian", "kk": "Kazakh", "ko": "Korean", "lt": "Lithuanian",
        "lv": "Latvian", "nl": "Dutch", "no": "Norwegian", "pl": "Polish", "pt": "Portuguese", "ro": "Romanian",
        "ru": "Russian", "sk": "Slovak", "sl": "Slovenian", "sr": "Serbian", "sv": "Swedish", "th": "Thai",
        "tr": "Turkish", "uk": "Ukrainian", "uz": "Uzbek", "vi": "Vietnamese", "zh": "Chinese",
    ]

    /// The English name of `code` (ISO 639-1), or the code itself.
    static func name(of code: String) -> String {
        names[code.lowercased()] ?? code
    }

    /// The ISO 639-1 code for a language given as a code (`en`, `en-US`) or an English name (`english`).
    static func code(for language: String) -> String? {
        let lowered = language.lowercased()
        let base = lowered.prefix { $0.isLetter }
        if base.count == 2 { return String(base) }
        return names.first { $0.value.lowercased() == lowered }?.key
    }
}
