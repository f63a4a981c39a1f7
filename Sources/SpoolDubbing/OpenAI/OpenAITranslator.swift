import Foundation
import SpoolCore

/// Translates phrases with `POST /chat/completions`, several per request as numbered lines.
///
/// The model is asked to answer `N. translation` for every `N. text` it gets. Answers are read leniently
/// (`N.`, `N)`, `N:`, chatter and blank lines ignored); numbers it left out are asked again one by one.
struct OpenAITranslator: Sendable {
    /// The server.
    let client: OpenAIClient

    /// `texts` in `language` (ISO 639-1), in the same order.
    ///
    /// - Throws: ``SpoolError`` `.dubbingFailed` when a phrase gets no translation even on its own.
    func translate(_ texts: [String], from source: String?, to language: String) async throws -> [String] {
        var result = [String?](repeating: nil, count: texts.count)
        let size = client.configuration.translationBatchSize
        for batchStart in stride(from: 0, to: texts.count, by: size) {
            let indices = Array(batchStart..<min(texts.count, batchStart + size))
            let answers = try await ask(indices.map { texts[$0] }, from: source, to: language)
            for (position, index) in indices.enumerated() {
                result[index] = answers[position + 1]
            }
        }
        for index in result.indices where result[index] == nil {
            let answer = try await ask([texts[index]], from: source, to: language)
            guard let text = answer[1] else {
                throw SpoolError(.dubbingFailed, "the chat model gave no translation for phrase \(index + 1)")
            }
            result[index] = text
        }
        return result.map { $0 ?? "" }
    }

    /// One chat request for `texts`; the answer by line number (1-based).
    private func ask(_ texts: [String], from source: String?, to language: String) async throws -> [Int: String] {
        let numbered = texts.enumerated().map { "\($0.offset + 1). \(SubtitleText.collapseWhitespace($0.element))" }
        let request = ChatRequest(model: client.configuration.chatModel, messages: [
            .init(role: "system", content: Self.instructions(from: source, to: language, count: texts.count)),
            .init(role: "user", content: numbered.joined(separator: "\n")),
        ])
        let body = try await client.postJSON("/chat/completions", request)
        guard let reply = try? JSONDecoder().decode(ChatResponse.self, from: body), let content = reply.choices.first?.message.content else {
            throw SpoolError(.dubbingFailed, "the chat answer has no message")
        }
        return Self.numberedLines(content, count: texts.count)
    }

    /// The system prompt.
    static func instructions(from source: String?, to language: String, count: Int) -> String {
        let from = source.map { " from \(LanguageNames.name(of: $0))" } ?? ""
        return """
            You translate video subtitles\(from) into \(LanguageNames.name(of: language)) (\(language)) for a voice-over. \
            The user sends \(count) numbered lines, one phrase each. Answer with exactly \(count) lines in the same \
            order, each "N. translation" with the same number N. Keep every line separate: never merge, split, \
            skip or explain. Write natural spoken language and nothing else.
            """
    }

    /// `N. text` lines of `content` for N in 1…count (the first answer for a number wins).
    ///
    /// A single expected line may come back without its number; then the whole reply is that line.
    static func numberedLines(_ content: String, count: Int) -> [Int: String] {
        var lines: [Int: String] = [:]
        for line in content.split(whereSeparator: \.isNewline) {
            let trimmed = line.trimmingWhitespace()
            let digits = trimmed.prefix(while: \.isASCIIDigit)
            guard let number = Int(digits), (1...count).contains(number), lines[number] == nil else { continue }
            var rest = trimmed.dropFirst(digits.count).drop(while: \.isWhitespace)
            guard let separator = rest.first, ".):-]".contains(separator) else { continue }
            rest = rest.dropFirst().trimmingWhitespace()
            if !rest.isEmpty { lines[number] = String(rest) }
        }
        if count == 1, lines.isEmpty {
            let whole = SubtitleText.collapseWhitespace(content)
            if !whole.isEmpty { lines[1] = whole }
        }
        return lines
    }

    struct ChatRequest: Encodable, Sendable {
        struct Message: Encodable, Sendable {
            var role: String
            var content: String
        }
        var model: String
        var messages: [Message]
        var temperature = 0.2
    }

    struct ChatResponse: Decodable {
        struct Choice: Decodable {
            struct Message: Decodable { var content: String? }
            var message: Message
        }
        var choices: [Choice]
    }
}
