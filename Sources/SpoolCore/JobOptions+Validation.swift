/// Limits applied to user input.
public enum InputLimits {
    /// Longest accepted URL.
    public static let maxURLLength = 2048
    /// Longest accepted custom yt-dlp format string.
    public static let maxFormatLength = 256
    /// Longest accepted output template.
    public static let maxTemplateLength = 512
    /// Most tags on one job.
    public static let maxTags = 32
    /// Longest tag.
    public static let maxTagLength = 64
    /// Largest subtitle file given with a job (UTF-8 bytes).
    public static let maxDubbingSubtitlesBytes = 512 * 1024
}

extension JobOptions {
    /// Checks every field; throws a ``SpoolError`` with a stable code on the first problem.
    public func validate() throws(SpoolError) {
        try Self.validateURL(url)
        try Self.validateFormat(formatPreset)
        if let template = outputTemplate {
            try OutputTemplateGuard.validate(template)
        }
        try processing?.validate()
        if let storage, !StorageTargets.isValidName(storage) {
            throw SpoolError(.invalidInput, "storage must name a storage target (lowercase letters, digits and '-'), got '\(storage.prefix(40))'")
        }
        if let lang = targetLang, !Self.isLanguageCode(lang) {
            throw SpoolError(.invalidInput, "targetLang must be a 2–3 letter language code, got '\(lang.prefix(16))'")
        }
        if let lang = sourceLang, !Self.isLanguageCode(lang) {
            throw SpoolError(.invalidInput, "sourceLang must be a 2–3 letter language code, got '\(lang.prefix(16))'")
        }
        if let subtitles = dubbingSubtitles {
            if subtitles.utf8.count > InputLimits.maxDubbingSubtitlesBytes {
                throw SpoolError(.payloadTooLarge, "dubbingSubtitles is larger than \(InputLimits.maxDubbingSubtitlesBytes / 1024) KiB")
            }
            if !requestedDubbing {
                throw SpoolError(.invalidInput, "dubbingSubtitles needs requestedDubbing to be true")
            }
        }
        if requestedDubbing, targetLang == nil {
            throw SpoolError(.invalidInput, "targetLang is required when requestedDubbing is true")
        }
        if let provider = dubbingProvider, !["yandex", "tts", "openai"].contains(provider) {
            throw SpoolError(.invalidInput, "dubbingProvider must be one of yandex, tts, openai")
        }
        for lang in subtitleLanguages where !Self.isSubtitleLanguage(lang) {
            throw SpoolError(.invalidInput, "subtitle language '\(lang.prefix(16))' is not valid")
        }
        if tags.count > InputLimits.maxTags {
            throw SpoolError(.invalidInput, "at most \(InputLimits.maxTags) tags are allowed")
        }
        for tag in tags where tag.isEmpty || tag.count > InputLimits.maxTagLength || tag.contains(where: \.isNewline) {
            throw SpoolError(.invalidInput, "tags must be 1–\(InputLimits.maxTagLength) characters on one line")
        }
    }

    /// Accepts only bounded http(s) URLs with a host, no whitespace or control characters.
    public static func validateURL(_ url: String) throws(SpoolError) {
        if url.isEmpty {
            throw SpoolError(.invalidURL, "url is required")
        }
        if url.utf8.count > InputLimits.maxURLLength {
            throw SpoolError(.invalidURL, "url is longer than \(InputLimits.maxURLLength) bytes")
        }
        if url.hasPrefix("-") {
            throw SpoolError(.invalidURL, "url must not start with '-'")
        }
        if url.unicodeScalars.contains(where: { $0.value < 0x21 || $0.value == 0x7F }) {
            throw SpoolError(.invalidURL, "url must not contain spaces or control characters")
        }
        let lower = url.lowercased()
        let rest: Substring
        if lower.hasPrefix("http://") {
            rest = url.dropFirst(7)
        } else if lower.hasPrefix("https://") {
            rest = url.dropFirst(8)
        } else {
            throw SpoolError(.invalidURL, "url must start with http:// or https://")
        }
        let authority = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        let host = authority.split(separator: "@").last.map { $0.prefix { $0 != ":" || authority.hasPrefix("[") } } ?? ""
        if host.isEmpty {
            throw SpoolError(.invalidURL, "url has no host")
        }
    }

    /// Accepts a preset name or a yt-dlp format expression made of its own characters.
    public static func validateFormat(_ format: String) throws(SpoolError) {
        if FormatPreset(rawValue: format) != nil { return }
        if format.isEmpty || format.utf8.count > InputLimits.maxFormatLength {
            throw SpoolError(.invalidFormat, "formatPreset must be a preset or a yt-dlp format of 1–\(InputLimits.maxFormatLength) characters")
        }
        if format.hasPrefix("-") {
            throw SpoolError(.invalidFormat, "formatPreset must not start with '-'")
        }
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+/[]<>=!*?.,:_-()^$~&| '\"")
        if !format.allSatisfy({ allowed.contains($0) }) {
            throw SpoolError(.invalidFormat, "formatPreset contains characters yt-dlp formats do not use")
        }
    }

    static func isLanguageCode(_ code: String) -> Bool {
        (2...3).contains(code.count) && code.allSatisfy { $0.isASCII && $0.isLetter && $0.isLowercase }
    }

    static func isSubtitleLanguage(_ code: String) -> Bool {
        (1...20).contains(code.count) && code.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == "*") }
    }
}
