import Foundation
import HummingbirdTesting
import SpoolAPI
import SpoolCore
import Testing

@Suite("Profile routes")
struct ProfileRouteTests {
    @Test("profiles are created, listed, shown, replaced and deleted")
    func crud() async throws {
        let api = try ArchiveTestAPI()
        let bearer = try await api.bearer()
        try await api.test { client throws in
            let created = try await client.send(.post, "/api/profiles", headers: bearer, json: #"{"name":"Podcasts","format":"audio-m4a","writeNFO":true}"#)
            #expect(created.status == .created)
            let profile = try created.decode(ProfileDTO.self)
            #expect(created.headers[.location] == "/api/profiles/\(profile.id)")
            #expect(profile.format == "audio-m4a" && profile.container == .mkv && profile.writeNFO && profile.writeThumbnail && profile.voiceOver == nil)
            let list = try await client.send(.get, "/api/profiles", headers: bearer).decode(ProfileListResponse.self)
            #expect(list.profiles == [profile])
            #expect(try await client.send(.get, "/api/profiles/\(profile.id)", headers: bearer).decode(ProfileDTO.self) == profile)

            let replaced = try await client.send(.put, "/api/profiles/\(profile.id)", headers: bearer,
                                                 json: #"{"id":99,"name":"Podcasts","container":"mp4","voiceOver":{"targetLang":"ru","engine":"tts"}}"#)
            #expect(replaced.status == .ok)
            let changed = try replaced.decode(ProfileDTO.self)
            #expect(changed.id == profile.id && changed.format == "best" && changed.container == .mp4 && !changed.writeNFO)
            #expect(changed.voiceOver == ProfileDTO.VoiceOver(targetLang: "ru", engine: "tts"))

            #expect(try await client.send(.delete, "/api/profiles/\(profile.id)", headers: bearer).status == .noContent)
            #expect(try await client.send(.get, "/api/profiles/\(profile.id)", headers: bearer).status == .notFound)
            #expect(try await client.send(.put, "/api/profiles/\(profile.id)", headers: bearer, json: #"{"name":"X"}"#).status == .notFound)
            #expect(try await client.send(.delete, "/api/profiles/\(profile.id)", headers: bearer).status == .notFound)
        }
    }

    @Test("bad profiles are 400, a taken name 409, and a profile in use cannot be deleted")
    func refusals() async throws {
        let api = try ArchiveTestAPI()
        let bearer = try await api.bearer()
        try await api.test { client throws in
            let unknown = try await client.send(.post, "/api/profiles", headers: bearer, json: #"{"name":"A","quality":"high"}"#)
            #expect(unknown.status == .badRequest && unknown.errorCode == "unknown_field")
            let unnamed = try await client.send(.post, "/api/profiles", headers: bearer, json: #"{"format":"best"}"#)
            #expect(unnamed.status == .badRequest && unnamed.errorCode == "invalid_input")
            let format = try await client.send(.post, "/api/profiles", headers: bearer, json: #"{"name":"A","format":"-x"}"#)
            #expect(format.status == .badRequest)
            let profile = try await client.send(.post, "/api/profiles", headers: bearer, json: #"{"name":"A"}"#).decode(ProfileDTO.self)
            #expect(try await client.send(.post, "/api/profiles", headers: bearer, json: #"{"name":"A"}"#).status == .conflict)

            let source = try await client.send(.post, "/api/sources", headers: bearer,
                                               json: #"{"url":"http://127.0.0.1:8080/feed.xml","name":"Feed","profileId":\#(profile.id)}"#)
            #expect(source.status == .created)
            #expect(try source.decode(SourceDTO.self).profileId == profile.id)
            let missing = try await client.send(.post, "/api/sources", headers: bearer, json: #"{"url":"http://127.0.0.1:8080/b.xml","profileId":404}"#)
            #expect(missing.status == .badRequest || missing.status == .notFound, "\(missing.status) \(missing.text)")
            let inUse = try await client.send(.delete, "/api/profiles/\(profile.id)", headers: bearer)
            #expect(inUse.status == .conflict && inUse.errorMessage?.contains("Feed") == true, "\(inUse.text)")
        }
    }
}
