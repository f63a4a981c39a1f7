import Foundation
import NIOCore
import NIOHTTP1

/// Answers a ``MockOpenAIServer`` connection's requests by its script.
struct MockOpenAIResponder: LoopbackHTTPResponder {
    /// What to answer.
    let script: MockOpenAIServer.Script
    /// Where requests are recorded.
    let log: MockOpenAIServer.RequestLog

    typealias Writer = NIOAsyncChannelOutboundWriter<HTTPServerResponsePart>

    /// An answer: status, content type, body.
    struct Answer {
        var status: HTTPResponseStatus
        var contentType: String
        var body: Data

        static func json(_ status: HTTPResponseStatus, _ object: Any) -> Answer {
            let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data()
            return Answer(status: status, contentType: "application/json", body: data)
        }

        static func error(_ status: HTTPResponseStatus, _ message: String, code: String) -> Answer {
            json(status, ["error": ["message": message, "type": "invalid_request_error", "code": code]])
        }
    }

    /// Answers one request by the script and records it.
    func respond(to head: HTTPRequestHead, body buffer: ByteBuffer, _ outbound: Writer) async throws {
        let body = Data(buffer.readableBytesView)
        let contentType = head.headers.first(name: "content-type")
        let form = contentType.flatMap { MultipartBody(contentType: $0, body: body) }
        let answer = answer(head: head, body: body, form: form)
        log.append(MockOpenAIServer.Request(
            method: head.method.rawValue, path: head.uri, authorization: head.headers.first(name: "authorization"),
            contentType: contentType, body: body, formFields: form?.fields ?? [:], formFiles: form?.files ?? [:],
            status: Int(answer.status.code)
        ))
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: answer.contentType)
        headers.add(name: "Content-Length", value: String(answer.body.count))
        headers.add(name: "Connection", value: head.isKeepAlive ? "keep-alive" : "close")
        try await outbound.write(.head(HTTPResponseHead(version: head.version, status: answer.status, headers: headers)))
        try await outbound.write(.body(.byteBuffer(ByteBuffer(bytes: answer.body))))
        try await outbound.write(.end(nil))
    }

    private func answer(head: HTTPRequestHead, body: Data, form: MultipartBody?) -> Answer {
        guard head.headers.first(name: "authorization") == "Bearer \(script.apiKey)" else {
            return .error(.unauthorized, "Incorrect API key provided.", code: "invalid_api_key")
        }
        guard head.method == .POST else { return .error(.methodNotAllowed, "Only POST is supported.", code: "method_not_allowed") }
        switch head.uri {
        case "/v1/audio/transcriptions": return transcription(form)
        case "/v1/chat/completions": return chat(body)
        case "/v1/audio/speech": return speech(body)
        default: return .error(.notFound, "Unknown endpoint \(head.uri).", code: "unknown_url")
        }
    }

    private func transcription(_ form: MultipartBody?) -> Answer {
        guard let form, let file = form.files["file"], file.byteCount > 0, form.fields["model"] != nil else {
            return .error(.badRequest, "A multipart 'file' and 'model' are required.", code: "invalid_request")
        }
        guard form.fields["response_format"] == "verbose_json" else {
            return .error(.badRequest, "This mock answers verbose_json only.", code: "invalid_request")
        }
        let segments = script.segments.enumerated().map { index, segment in
            ["id": index, "start": segment.start, "end": segment.end, "text": " " + segment.text] as [String: Any]
        }
        return .json(.ok, [
            "task": "transcribe", "language": script.language,
            "duration": script.segments.last?.end ?? 0,
            "text": script.segments.map(\.text).joined(separator: " "), "segments": segments,
        ])
    }

    private func chat(_ body: Data) -> Answer {
        guard let request = (try? JSONSerialization.jsonObject(with: body)) as? [String: Any],
              request["model"] is String,
              let messages = request["messages"] as? [[String: Any]],
              let user = messages.last(where: { $0["role"] as? String == "user" })?["content"] as? String else {
            return .error(.badRequest, "'model' and a user message are required.", code: "invalid_request")
        }
        var lines: [String] = []
        for line in user.split(separator: "\n") {
            let digits = line.prefix(while: \.isNumber)
            guard !digits.isEmpty, line.dropFirst(digits.count).hasPrefix(". ") else { continue }
            let text = String(line.dropFirst(digits.count + 2))
            lines.append(script.sloppyChat ? "\(digits)) \(script.translate(text))" : "\(digits). \(script.translate(text))")
        }
        if script.sloppyChat, lines.count > 1 {
            lines.removeLast()
            lines.insert("Sure! Here are the translations:", at: 0)
            lines.append("")
        }
        let message: [String: Any] = ["role": "assistant", "content": lines.joined(separator: "\n")]
        return .json(.ok, [
            "id": "chatcmpl-mock", "object": "chat.completion", "model": request["model"] ?? "",
            "choices": [["index": 0, "message": message, "finish_reason": "stop"]],
        ])
    }

    private func speech(_ body: Data) -> Answer {
        guard let request = (try? JSONSerialization.jsonObject(with: body)) as? [String: Any],
              request["model"] is String, request["voice"] is String,
              let input = request["input"] as? String, !input.isEmpty else {
            return .error(.badRequest, "'model', 'voice' and a non-empty 'input' are required.", code: "invalid_request")
        }
        if let status = script.speechFailureStatus {
            return .error(HTTPResponseStatus(statusCode: status), "The speech service is unavailable.", code: "server_error")
        }
        let seconds = Double(input.count) * script.secondsPerCharacter
        return Answer(status: .ok, contentType: "audio/wav", body: ToneWAV.make(seconds: seconds))
    }
}
