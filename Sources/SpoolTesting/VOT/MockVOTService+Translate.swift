import Foundation
import YandexVOT

extension MockVOTService {
    /// `POST /video-translation/translate`: checks, then plays the URL's script.
    func translate(_ request: Incoming) -> MockVOTReply {
        if let refusal = checkSigned(request) { return refusal }
        guard let message = try? VOTProto_VideoTranslationRequest(serializedBytes: request.body) else { return .refuse(400, "undecodable body") }
        guard message.unknown0, message.unknown2, message.unknown3 == 2 else { return .refuse(400, "unknown0/unknown2/unknown3 are not true/true/2") }
        guard !message.url.isEmpty, !message.language.isEmpty, !message.responseLanguage.isEmpty else {
            return .refuse(400, "url, language or responseLanguage is empty")
        }
        if configuration.workerMode, message.url.hasSuffix("/worker-error") {
            return MockVOTReply(status: 204, headers: [("X-Yandex-Status", "error-internal")], body: [], rejection: "error-internal")
        }
        let authorized = request.header("Authorization")?.hasPrefix("OAuth ") == true || request.header("Cookie")?.contains("Session_id=") == true
        let response = state.withLock { (state: inout MockVOTState) -> VOTProto_VideoTranslationResponse in
            state.translateRequests.append(message)
            let key = [message.url, message.language, message.responseLanguage, String(message.useLivelyVoice)].joined(separator: "|")
            if state.jobs[key] == nil {
                let needsAudio = message.url.hasPrefix("https://youtu.be/") || message.url.hasSuffix("/needs-audio")
                state.jobs[key] = .init(url: message.url, translationID: "tid\(state.nextJobNumber)", lively: message.useLivelyVoice, needsAudio: needsAudio)
                state.nextJobNumber += 1
            }
            state.jobs[key]!.calls += 1
            return script(state.jobs[key]!, authorized: authorized)
        }
        var reply = MockVOTReply.protobuf((try? response.serializedBytes()) ?? [])
        if message.url.hasSuffix("/slow") { reply.delay = .seconds(20) }
        return reply
    }

    /// The scripted answer for `job`'s latest call.
    private func script(_ job: MockVOTState.Job, authorized: Bool) -> VOTProto_VideoTranslationResponse {
        var response = VOTProto_VideoTranslationResponse()
        response.translationID = job.translationID
        let url = job.url
        if job.lively, !authorized {
            response.status = 7
            response.message = "Требуется авторизация"
        } else if url.hasSuffix("/cached") || url.hasSuffix("/slow") {
            finish(&response, job)
        } else if url.hasSuffix("/fail") {
            response.status = 0
            response.message = "Возникла ошибка при переводе, попробуйте позже"
            response.shouldRetry = 1
        } else if url.hasSuffix("/long") {
            response.status = 3
            response.remainingTime = 600
        } else if url.hasSuffix("/status8") {
            response.status = 8
            response.message = "Слишком много запросов"
        } else if job.needsAudio, !job.audioReceived {
            response.status = 6
            response.remainingTime = 120
        } else {
            switch job.calls - job.callsBeforeAudio {
            case 1:
                response.status = 2
                response.remainingTime = 46
                response.unknown0 = 0
                if url.hasSuffix("/detect-de") { response.language = "de" }
            case 2:
                response.status = 2
                response.remainingTime = 5
                response.unknown0 = 10
            case 3:
                response.status = 5
                response.url = audioURL(job.translationID + "-part")
                response.duration = 600
                response.remainingTime = 5
            default:
                finish(&response, job)
            }
        }
        return response
    }

    private func finish(_ response: inout VOTProto_VideoTranslationResponse, _ job: MockVOTState.Job) {
        response.status = 1
        response.url = audioURL(job.translationID)
        response.duration = configuration.audioDuration
        response.isLivelyVoice = job.lively
        response.allowToTranslateVideo = true
        response.unknown3 = 1
    }

    /// Where the finished audio is: this server directly, or Yandex's storage (rewritten by a worker client).
    private func audioURL(_ id: String) -> String {
        configuration.workerMode
            ? "https://vtrans.s3-private.mds.yandex.net/tts/prod/\(id).mp3?sig=x"
            : "http://127.0.0.1:\(port)/tts/prod/\(id).mp3?sig=x"
    }

    /// `PUT /video-translation/fail-audio-js`: unsigned JSON; `{"status":1}` only for YouTube.
    func failAudio(_ request: Incoming) -> MockVOTReply {
        guard request.header("Content-Type") == "application/json" else { return .refuse(400, "content type is not application/json") }
        guard let object = try? JSONSerialization.jsonObject(with: Data(request.body)) as? [String: Any],
              let videoURL = object["video_url"] as? String
        else { return .refuse(400, "body is not {\"video_url\": string}") }
        state.withLock { $0.failAudioCalls.append(videoURL) }
        return .json(videoURL.hasPrefix("https://youtu.be/") ? "{\"status\":1}" : "{\"status\":0}")
    }

    /// `PUT /video-translation/audio`: a whole file, one chunk, or the empty upload after `fail-audio-js`.
    func audio(_ request: Incoming) -> MockVOTReply {
        if let refusal = checkSigned(request) { return refusal }
        guard let message = try? VOTProto_VideoTranslationAudioRequest(serializedBytes: request.body) else { return .refuse(400, "undecodable body") }
        return state.withLock { (state: inout MockVOTState) -> MockVOTReply in
            guard let key = state.jobKey(translationID: message.translationID), state.jobs[key]?.url == message.url else {
                return .refuse(400, "unknown translationId or url")
            }
            guard message.hasAudioInfo != message.hasPartialAudioInfo else { return .refuse(400, "need exactly one of audioInfo, partialAudioInfo") }
            let reply: MockVOTReply
            if message.hasAudioInfo {
                reply = wholeFile(message.audioInfo, key: key, &state)
            } else {
                reply = chunk(message.partialAudioInfo, key: key, &state)
            }
            if reply.status == 200 { state.audioUploads.append(message) }
            return reply
        }
    }

    private func wholeFile(_ info: VOTProto_AudioBufferObject, key: String, _ state: inout MockVOTState) -> MockVOTReply {
        let job = state.jobs[key]!
        if info.audioFile.isEmpty {
            guard info.fileID == VOTClient.failAudioFileID else { return .refuse(400, "empty audio with a fileId other than the fail-audio one") }
            if state.failAudioCalls.contains(job.url) { received(key, &state) }
            return audioAnswer(status: 2)
        }
        guard let fileSize = Self.fileSize(info.fileID), fileSize == info.audioFile.count else { return .refuse(400, "bad fileId or size") }
        state.completedAudio[job.translationID] = info.audioFile
        received(key, &state)
        return audioAnswer(status: 2)
    }

    private func chunk(_ info: VOTProto_ChunkAudioObject, key: String, _ state: inout MockVOTState) -> MockVOTReply {
        let parts = Int(info.audioPartsLength)
        let id = Int(info.audioBuffer.chunkID)
        guard info.version == 1, parts >= 1, (0..<parts).contains(id) else { return .refuse(400, "bad version, chunkId or audioPartsLength") }
        guard let fileSize = Self.fileSize(info.fileID), let chunkSize = Self.jsonField(info.fileID, "minChunkSize") as? Int,
              chunkSize > 0, chunkSize <= configuration.maxChunkSize
        else { return .refuse(400, "bad fileId") }
        let bytes = info.audioBuffer.audioFile
        guard bytes.count <= chunkSize, id == parts - 1 || bytes.count == chunkSize else { return .refuse(400, "bad chunk size") }
        state.jobs[key]!.chunks[id] = bytes
        let chunks = state.jobs[key]!.chunks
        guard chunks.count == parts else { return audioAnswer(status: 1) }
        let whole = (0..<parts).reduce(into: Data()) { $0.append(chunks[$1]!) }
        guard whole.count == fileSize else { return .refuse(400, "chunks do not add up to fileSize") }
        state.completedAudio[state.jobs[key]!.translationID] = whole
        received(key, &state)
        return audioAnswer(status: 2)
    }

    private func received(_ key: String, _ state: inout MockVOTState) {
        guard !state.jobs[key]!.audioReceived else { return }
        state.jobs[key]!.audioReceived = true
        state.jobs[key]!.callsBeforeAudio = state.jobs[key]!.calls
    }

    private func audioAnswer(status: Int32) -> MockVOTReply {
        var response = VOTProto_VideoTranslationAudioResponse()
        response.status = status
        return .protobuf((try? response.serializedBytes()) ?? [])
    }

    /// `fileSize` of a fileId JSON that has all four keys, as a number.
    private static func fileSize(_ fileID: String) -> Int? {
        guard jsonField(fileID, "downloadType") is String, jsonField(fileID, "itag") is Int, jsonField(fileID, "minChunkSize") is Int,
              let size = jsonField(fileID, "fileSize") as? String
        else { return nil }
        return Int(size)
    }

    private static func jsonField(_ json: String, _ key: String) -> Any? {
        (try? JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])?[key]
    }
}
