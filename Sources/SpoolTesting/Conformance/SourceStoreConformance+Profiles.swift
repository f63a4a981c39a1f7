import Foundation
import SpoolCore
import Testing

extension SourceStoreConformance {
    /// Every field of a profile survives a write and a read; ids are assigned by the store.
    public static func storesEveryFieldOfAProfile(_ makeStores: Factory) async throws {
        let store = try await makeStores().sources
        let full = Profile(
            id: 99, name: "Ünïcödé 720p", format: "bestvideo[height<=720]+bestaudio/best", container: .mp4, subtitleLanguages: ["en", "ru"],
            autoSubtitles: true, writeThumbnail: false, writeInfoJSON: false, writeNFO: true, sponsorBlock: .remove,
            voiceOver: VoiceOverChoice(targetLang: "ru", engine: "tts")
        )
        let stored = try await store.insertProfile(full)
        #expect(stored.id > 0)
        var expected = full
        expected.id = stored.id
        #expect(stored == expected)
        #expect(try await store.profile(stored.id) == expected)
        let plain = try await store.insertProfile(Profile(name: "plain", voiceOver: VoiceOverChoice(targetLang: "de")))
        #expect(plain.id > stored.id && plain.sponsorBlock == nil && plain.voiceOver == VoiceOverChoice(targetLang: "de"))
        #expect(try await store.profiles() == [expected, plain])
        #expect(try await store.profile(plain.id + 1000) == nil)
    }

    /// A taken name is a conflict on insert and on update; a profile keeps its own name; an
    /// unknown profile is `not_found`.
    public static func profileNamesAreUnique(_ makeStores: Factory) async throws {
        let store = try await makeStores().sources
        let hq = try await store.insertProfile(Profile(name: "hq"))
        let low = try await store.insertProfile(Profile(name: "low", format: "worst"))
        let duplicate = await #expect(throws: SpoolError.self) { try await store.insertProfile(Profile(name: "hq", format: "worst")) }
        #expect(duplicate?.code == .conflict && duplicate?.message.contains("(id \(hq.id))") == true)
        #expect(try await store.profiles().count == 2)

        var renamed = low
        renamed.name = "hq"
        let taken = await #expect(throws: SpoolError.self) { try await store.updateProfile(renamed) }
        #expect(taken?.code == .conflict)
        var changed = low
        changed.format = "bestaudio"
        changed.writeNFO = true
        #expect(try await store.updateProfile(changed) == changed)
        changed.name = "lowest"
        #expect(try await store.updateProfile(changed) == changed)
        #expect(try await store.profile(low.id) == changed)

        var ghost = Profile(name: "ghost")
        ghost.id = low.id + 1000
        let missing = await #expect(throws: SpoolError.self) { try await store.updateProfile(ghost) }
        #expect(missing?.code == .notFound && missing?.message == "profile \(ghost.id) does not exist")
    }

    /// A profile that sources use is not deleted: the conflict names them; once they use another,
    /// it is; a second delete is `not_found`.
    public static func profilesInUseAreNotDeleted(_ makeStores: Factory) async throws {
        let store = try await makeStores().sources
        let profile = try await store.insertProfile(Profile(name: "shared"))
        let first = try await store.insertSource(Source(name: "Alpha", url: "https://example.com/a", profileID: profile.id))
        let second = try await store.insertSource(Source(name: "Beta", url: "https://example.com/b", profileID: profile.id))
        let inUse = await #expect(throws: SpoolError.self) { try await store.deleteProfile(profile.id) }
        #expect(inUse?.code == .conflict)
        #expect(inUse?.message.contains("'Alpha' (id \(first.id))") == true && inUse?.message.contains("'Beta' (id \(second.id))") == true, "\(inUse?.message ?? "")")
        #expect(try await store.profile(profile.id) == profile)

        for source in [first, second] {
            _ = try await store.modifySource(source.id) { $0.profileID = nil }
        }
        try await store.deleteProfile(profile.id)
        #expect(try await store.profile(profile.id) == nil)
        let missing = await #expect(throws: SpoolError.self) { try await store.deleteProfile(profile.id) }
        #expect(missing?.code == .notFound && missing?.message == "profile \(profile.id) does not exist")
    }
}
