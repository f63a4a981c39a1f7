import Foundation
import YandexVOT

/// Everything a ``MockVOTServer`` remembers, guarded by its service's mutex.
struct MockVOTState: Sendable {
    /// An issued session.
    struct Session: Sendable {
        var uuid: String
        var expiresAt: Date
    }

    /// One translation job: a (url, languages, voice) combination.
    struct Job: Sendable {
        var url: String
        var translationID: String
        var lively: Bool
        /// Whether the script asks for audio first.
        var needsAudio: Bool
        /// Translate calls for this job.
        var calls = 0
        /// `calls` when the audio arrived (the default script restarts then).
        var callsBeforeAudio = 0
        var audioReceived = false
        /// Chunks received so far, by chunk id.
        var chunks: [Int: Data] = [:]
    }

    var sessions: [String: Session] = [:]
    var sessionsCreated = 0
    var jobs: [String: Job] = [:]
    var nextJobNumber = 1
    var translateRequests: [VOTProto_VideoTranslationRequest] = []
    var audioUploads: [VOTProto_VideoTranslationAudioRequest] = []
    var failAudioCalls: [String] = []
    var completedAudio: [String: Data] = [:]
    var requests: [MockVOTServer.Request] = []

    /// The job with `translationID`'s key.
    func jobKey(translationID: String) -> String? {
        jobs.first { $0.value.translationID == translationID }?.key
    }
}

/// What the mock answers: status, headers, body.
struct MockVOTReply: Sendable {
    var status: Int
    var headers: [(String, String)]
    var body: [UInt8]
    /// Why the request was refused (for the request log).
    var rejection: String?
    /// How long to hold the answer back.
    var delay: Duration?

    static func protobuf(_ bytes: [UInt8]) -> MockVOTReply {
        MockVOTReply(status: 200, headers: [("Content-Type", "application/x-protobuf")], body: bytes)
    }

    static func json(_ text: String) -> MockVOTReply {
        MockVOTReply(status: 200, headers: [("Content-Type", "application/json")], body: Array(text.utf8))
    }

    static func refuse(_ status: Int, _ reason: String) -> MockVOTReply {
        MockVOTReply(status: status, headers: [("Content-Type", "text/plain")], body: Array(reason.utf8), rejection: reason)
    }
}
