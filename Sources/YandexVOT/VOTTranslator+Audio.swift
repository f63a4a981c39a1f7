extension VOTTranslator {
    /// Path A: `fail-audio-js`, then an empty upload. Returns false when the service refused the first step.
    func skipAudio(_ request: VOTTranslationRequest, translationID: String) async throws -> Bool {
        do {
            try await client.failAudio(videoURL: request.url)
        } catch VOTError.failAudioRejected {
            client.logger.debug("VOT fail-audio-js refused")
            return false
        }
        var info = VOTProto_AudioBufferObject()
        info.fileID = VOTClient.failAudioFileID
        var message = VOTProto_VideoTranslationAudioRequest()
        message.translationID = translationID
        message.url = request.url
        message.audioInfo = info
        _ = try await sendWithRetries(message)
        return true
    }

    /// Path B: uploads `file` whole or in chunks, each request retried a few times.
    func upload(
        _ file: VOTAudioFile, _ request: VOTTranslationRequest, translationID: String, _ events: @Sendable (Event) async -> Void
    ) async throws {
        let uploads = try file.uploads(translationID: translationID, videoURL: request.url, chunkSize: client.configuration.uploadChunkSize)
        for index in 0..<uploads.count {
            try Task.checkCancellation()
            let answer = try await sendWithRetries(try uploads.request(index))
            client.logger.debug("VOT audio uploaded", metadata: [
                "vot.part": "\(index + 1)/\(uploads.count)", "vot.upload_status": "\(answer.status)",
            ])
            await events(.uploadedAudio(part: index + 1, of: uploads.count))
        }
    }

    private func sendWithRetries(_ message: VOTProto_VideoTranslationAudioRequest) async throws -> VOTProto_VideoTranslationAudioResponse {
        var attempt = 0
        while true {
            do {
                return try await client.sendAudio(message)
            } catch let error as VOTError where error.isRetryable && attempt < configuration.uploadRetryDelays.count {
                client.logger.debug("VOT audio upload failed, retrying", metadata: ["vot.error": "\(error)"])
                try await configuration.sleep(configuration.uploadRetryDelays[attempt])
                attempt += 1
            }
        }
    }
}
