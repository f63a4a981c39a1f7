import Foundation
import HummingbirdTesting
import SpoolAPI
import SpoolCore
import Testing

@Suite("Processing profile routes")
struct ProcessingProfileRouteTests {
    @Test("the list has every shipped profile, sorted by name, each with every member")
    func listShipped() async throws {
        let api = try ArchiveTestAPI()
        let bearer = try await api.bearer("root", role: .admin)
        try await api.test { client throws in
            let response = try await client.send(.get, "/api/processing/profiles", headers: bearer)
            #expect(response.status == .ok)
            let profiles = try response.decode(ProcessingProfileListResponse.self).profiles
            #expect(profiles.map(\.name) == ProcessingProfile.builtIns.map(\.name).sorted())
            #expect(profiles.count == 15 && profiles.allSatisfy { $0.builtIn && !$0.stored })
            let hevc = try #require(profiles.first { $0.name == "720p-hevc" })
            #expect(hevc.quality == .p720 && hevc.codec == .hevc && hevc.preset == .medium && hevc.level == nil && hevc.effectiveLevel == 28)

            let objects = try #require(try response.object()["profiles"] as? [[String: Any]])
            let first = try #require(objects.first)
            #expect(Set(first.keys) == [
                "name", "quality", "codec", "preset", "level", "audio", "audioBitrate", "container", "useGPU", "copyWhenCompliant",
                "targetSizeMB", "keepOriginal", "qualityMetric", "fullDecodeCheck", "builtIn", "stored", "effectiveLevel",
            ])
            #expect(first["level"] is NSNull && first["container"] is NSNull && first["targetSizeMB"] is NSNull && first["qualityMetric"] is NSNull)
        }
    }

    @Test("PUT stores a profile, members left out taking the defaults; GET shows it; PUT again replaces it whole")
    func storeAndReplace() async throws {
        let api = try ArchiveTestAPI()
        let bearer = try await api.bearer("root", role: .admin)
        try await api.test { client throws in
            let put = try await client.send(.put, "/api/processing/profiles/phone", headers: bearer, json: """
                {"quality":"480p","codec":"hevc","audio":"opus","audioBitrate":96,"container":"mp4","targetSizeMB":50,"keepOriginal":false,
                 "qualityMetric":"ssim","fullDecodeCheck":true,"useGPU":true}
                """)
            #expect(put.status == .ok, "\(put.text)")
            let stored = try put.decode(ProcessingProfileDTO.self)
            #expect(stored.name == "phone" && stored.stored && !stored.builtIn)
            #expect(stored.quality == .p480 && stored.codec == .hevc && stored.preset == .medium && stored.effectiveLevel == 28)
            #expect(stored.audio == .opus && stored.audioBitrate == 96 && stored.container == .mp4 && stored.targetSizeMB == 50)
            #expect(!stored.keepOriginal && stored.qualityMetric == .ssim && stored.fullDecodeCheck && stored.useGPU && stored.copyWhenCompliant)
            #expect(try await client.send(.get, "/api/processing/profiles/phone", headers: bearer).decode(ProcessingProfileDTO.self) == stored)
            #expect(try await api.processingStore.processingProfile(named: "phone") == stored.profile)

            let again = try await client.send(.put, "/api/processing/profiles/phone", headers: bearer,
                                              json: #"{"name":"phone","codec":"av1","level":40,"builtIn":false,"stored":true,"effectiveLevel":1}"#)
            #expect(again.status == .ok, "\(again.text)")
            let replaced = try again.decode(ProcessingProfileDTO.self)
            #expect(replaced.profile == ProcessingProfile(name: "phone", codec: .av1, level: 40))
            #expect(replaced.effectiveLevel == 40)
            let list = try await client.send(.get, "/api/processing/profiles", headers: bearer).decode(ProcessingProfileListResponse.self).profiles
            #expect(list.count == 16 && list.map(\.name) == list.map(\.name).sorted())
            #expect(list.first { $0.name == "phone" } == replaced)
        }
    }

    @Test("an edited shipped profile is in effect until deleted, which restores it; a second delete is 404")
    func editShipped() async throws {
        let api = try ArchiveTestAPI()
        let bearer = try await api.bearer("root", role: .admin)
        try await api.test { client throws in
            let edited = try await client.send(.put, "/api/processing/profiles/720p-hevc", headers: bearer,
                                               json: #"{"quality":"720p","codec":"hevc","preset":"slow","level":24}"#).decode(ProcessingProfileDTO.self)
            #expect(edited.builtIn && edited.stored && edited.preset == .slow && edited.effectiveLevel == 24)
            #expect(try await client.send(.get, "/api/processing/profiles/720p-hevc", headers: bearer).decode(ProcessingProfileDTO.self) == edited)

            #expect(try await client.send(.delete, "/api/processing/profiles/720p-hevc", headers: bearer).status == .noContent)
            let restored = try await client.send(.get, "/api/processing/profiles/720p-hevc", headers: bearer).decode(ProcessingProfileDTO.self)
            #expect(restored.builtIn && !restored.stored && restored.preset == .medium && restored.level == nil)
            let again = try await client.send(.delete, "/api/processing/profiles/720p-hevc", headers: bearer)
            #expect(again.status == .notFound && again.errorCode == "not_found")
        }
    }

    @Test("unknown names are 404 not_found")
    func notFound() async throws {
        let api = try ArchiveTestAPI()
        let bearer = try await api.bearer("root", role: .admin)
        try await api.test { client throws in
            let show = try await client.send(.get, "/api/processing/profiles/nope", headers: bearer)
            #expect(show.status == .notFound && show.errorCode == "not_found" && show.errorMessage?.contains("nope") == true)
            let delete = try await client.send(.delete, "/api/processing/profiles/nope", headers: bearer)
            #expect(delete.status == .notFound && delete.errorCode == "not_found")
        }
    }

    @Test("bad bodies are 400: unknown members unknown_field, bad values invalid_input naming the member; nothing is stored", arguments: [
        (#"{"codec":"hevc","crf":20}"#, "unknown_field", "crf"),
        (#"{"codec":"vp9"}"#, "invalid_input", "codec"),
        (#"{"quality":"4k"}"#, "invalid_input", "quality"),
        (#"{"preset":"turbo"}"#, "invalid_input", "preset"),
        (#"{"audio":"mp3"}"#, "invalid_input", "audio"),
        (#"{"container":"avi"}"#, "invalid_input", "container"),
        (#"{"qualityMetric":"mse"}"#, "invalid_input", "qualityMetric"),
        (#"{"codec":"h264","level":52}"#, "invalid_input", "level"),
        (#"{"level":"high"}"#, "invalid_input", "level"),
        (#"{"audioBitrate":8}"#, "invalid_input", "audioBitrate"),
        (#"{"targetSizeMB":0}"#, "invalid_input", "targetSizeMB"),
        (#"{"useGPU":"yes"}"#, "invalid_input", "useGPU"),
        (#"{"name":"other"}"#, "invalid_input", "name"),
        ("[1]", "malformed_json", "JSON object"),
    ])
    func badBodies(body: String, code: String, field: String) async throws {
        let api = try ArchiveTestAPI()
        let bearer = try await api.bearer("root", role: .admin)
        try await api.test { client throws in
            let response = try await client.send(.put, "/api/processing/profiles/mine", headers: bearer, json: body)
            #expect(response.status == .badRequest && response.errorCode == code, "\(response.text)")
            #expect(response.errorMessage?.contains(field) == true, "\(response.text)")
        }
        #expect(try await api.processingStore.processingProfiles().isEmpty)
    }

    @Test("a name that is not 1–40 lowercase letters, digits, '-' or '_' is invalid_input")
    func badName() async throws {
        let api = try ArchiveTestAPI()
        let bearer = try await api.bearer("root", role: .admin)
        try await api.test { client throws in
            for name in ["Phone", "a%20b", String(repeating: "x", count: 41)] {
                let response = try await client.send(.put, "/api/processing/profiles/\(name)", headers: bearer, json: "{}")
                #expect(response.status == .badRequest && response.errorCode == "invalid_input", "\(name): \(response.text)")
            }
        }
        #expect(try await api.processingStore.processingProfiles().isEmpty)
    }

    @Test("the routes need a token; viewers may read but not change")
    func authorization() async throws {
        let api = try ArchiveTestAPI()
        let viewer = try await api.bearer("vera", role: .viewer)
        try await api.test { client throws in
            #expect(try await client.send(.get, "/api/processing/profiles").status == .unauthorized)
            #expect(try await client.send(.get, "/api/processing/profiles", headers: viewer).status == .ok)
            #expect(try await client.send(.get, "/api/processing/profiles/720p-h264", headers: viewer).status == .ok)
            #expect(try await client.send(.put, "/api/processing/profiles/mine", headers: viewer, json: "{}").status == .forbidden)
            #expect(try await client.send(.delete, "/api/processing/profiles/720p-h264", headers: viewer).status == .forbidden)
        }
        #expect(try await api.processingStore.processingProfiles().isEmpty)
    }

    @Test("a download profile's process must resolve; a user's profile a download profile names cannot be deleted, a shipped one can")
    func downloadProfilesNameProcessingProfiles() async throws {
        let api = try ArchiveTestAPI()
        let bearer = try await api.bearer("root", role: .admin)
        try await api.test { client throws in
            let unknown = try await client.send(.post, "/api/profiles", headers: bearer, json: #"{"name":"A","process":"nope"}"#)
            #expect(unknown.status == .badRequest && unknown.errorCode == "invalid_input", "\(unknown.text)")
            #expect(unknown.errorMessage?.contains("'nope'") == true && unknown.errorMessage?.contains("/api/processing/profiles") == true)

            let plain = try await client.send(.post, "/api/profiles", headers: bearer, json: #"{"name":"Plain"}"#)
            #expect(try #require(try plain.object()["process"]) is NSNull)

            #expect(try await client.send(.put, "/api/processing/profiles/mine", headers: bearer, json: #"{"codec":"hevc"}"#).status == .ok)
            let created = try await client.send(.post, "/api/profiles", headers: bearer, json: #"{"name":"A","process":"mine"}"#)
            #expect(created.status == .created, "\(created.text)")
            let profile = try created.decode(ProfileDTO.self)
            #expect(profile.process == "mine")
            #expect(try await api.sources.profile(profile.id)?.process == "mine")

            let inUse = try await client.send(.delete, "/api/processing/profiles/mine", headers: bearer)
            #expect(inUse.status == .conflict && inUse.errorCode == "conflict" && inUse.errorMessage?.contains("'A'") == true, "\(inUse.text)")
            #expect(try await api.processingStore.processingProfile(named: "mine") != nil)

            let badUpdate = try await client.send(.put, "/api/profiles/\(profile.id)", headers: bearer, json: #"{"name":"A","process":"gone"}"#)
            #expect(badUpdate.status == .badRequest && badUpdate.errorCode == "invalid_input")
            #expect(try await api.sources.profile(profile.id)?.process == "mine")
            let shipped = try await client.send(.put, "/api/profiles/\(profile.id)", headers: bearer, json: #"{"name":"A","process":"720p-hevc"}"#)
            #expect(try shipped.decode(ProfileDTO.self).process == "720p-hevc")
            #expect(try await client.send(.delete, "/api/processing/profiles/mine", headers: bearer).status == .noContent)

            #expect(try await client.send(.put, "/api/processing/profiles/720p-hevc", headers: bearer, json: #"{"codec":"hevc","quality":"720p","level":30}"#).status == .ok)
            #expect(try await client.send(.delete, "/api/processing/profiles/720p-hevc", headers: bearer).status == .noContent,
                    "deleting an edited shipped profile restores it, so the download profile still resolves")
        }
    }
}
