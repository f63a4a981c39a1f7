/// Language codes as files and players want them: ISO 639-1 in the API, ISO 639-2/B in containers.
public enum LanguageCode {
    private static let table: [String: (bibliographic: String, name: String)] = [
        "ar": ("ara", "Arabic"), "be": ("bel", "Belarusian"), "bg": ("bul", "Bulgarian"), "cs": ("cze", "Czech"),
        "da": ("dan", "Danish"), "de": ("ger", "German"), "el": ("gre", "Greek"), "en": ("eng", "English"),
        "es": ("spa", "Spanish"), "et": ("est", "Estonian"), "fa": ("per", "Persian"), "fi": ("fin", "Finnish"),
        "fr": ("fre", "French"), "he": ("heb", "Hebrew"), "hi": ("hin", "Hindi"), "hu": ("hun", "Hungarian"),
        "id": ("ind", "Indonesian"), "it": ("ita", "Italian"), "ja": ("jpn", "Japanese"), "ka": ("geo", "Georgian"),
        "kk": ("kaz", "Kazakh"), "ko": ("kor", "Korean"), "lt": ("lit", "Lithuanian"), "lv": ("lav", "Latvian"),
        "nl": ("dut", "Dutch"), "no": ("nor", "Norwegian"), "pl": ("pol", "Polish"), "pt": ("por", "Portuguese"),
        "ro": ("rum", "Romanian"), "ru": ("rus", "Russian"), "sk": ("slo", "Slovak"), "sr": ("srp", "Serbian"),
        "sv": ("swe", "Swedish"), "th": ("tha", "Thai"), "tr": ("tur", "Turkish"), "uk": ("ukr", "Ukrainian"),
        "uz": ("uzb", "Uzbek"), "vi": ("vie", "Vietnamese"), "zh": ("chi", "Chinese"),
    ]

    /// The ISO 639-2/B code for an ISO 639-1 code (`ru` → `rus`); three-letter input is returned as is;
    /// `und` (undetermined) when unknown.
    public static func bibliographic(_ code: String) -> String {
        let lower = code.lowercased()
        if lower.count == 3 { return lower }
        let base = String(lower.prefix { $0 != "-" && $0 != "_" })
        return table[base]?.bibliographic ?? "und"
    }

    /// The English name of a language (`ru` → `Russian`), or the code itself when unknown.
    public static func name(_ code: String) -> String {
        let base = String(code.lowercased().prefix { $0 != "-" && $0 != "_" })
        return table[base]?.name ?? code
    }
}
