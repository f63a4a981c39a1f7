import Foundation
import SpoolCore
import Testing

extension ProcessingProfileStoreConformance {
    /// On an empty store the catalog lists every shipped profile, none stored; a user's own
    /// profile joins them, sorted by name.
    public static func catalogListsShippedAndStoredProfiles(_ makeStore: Factory) async throws {
        let catalog = ProcessingProfiles(store: try await makeStore())
        let shipped = try await catalog.list()
        #expect(shipped.map(\.profile) == ProcessingProfile.builtIns.sorted { $0.name < $1.name })
        #expect(shipped.count == VideoQuality.allCases.count * VideoCodec.allCases.count)
        #expect(shipped.allSatisfy { $0.builtIn && !$0.stored })
        #expect(shipped.contains { $0.profile.name == "720p-hevc" && $0.profile.quality == .p720 && $0.profile.codec == .hevc })

        let own = ProcessingProfile(name: "phone", quality: .p480, codec: .hevc, targetSizeMB: 200)
        try await catalog.save(own)
        let entries = try await catalog.list()
        #expect(entries.map(\.profile.name) == entries.map(\.profile.name).sorted())
        #expect(entries.count == shipped.count + 1)
        let phone = try #require(entries.first { $0.profile.name == "phone" })
        #expect(phone.profile == own && !phone.builtIn && phone.stored)
        #expect(try await catalog.resolve("phone") == own)
    }

    /// A stored profile named like a shipped one is the one in effect, in the list and when resolved.
    public static func catalogStoredProfileReplacesTheShippedOne(_ makeStore: Factory) async throws {
        let catalog = ProcessingProfiles(store: try await makeStore())
        let edited = ProcessingProfile(name: "1080p-h264", preset: .slow, level: 20, useGPU: true)
        try await catalog.save(edited)
        #expect(try await catalog.resolve("1080p-h264") == edited)
        let entries = try await catalog.list()
        let named = entries.filter { $0.profile.name == "1080p-h264" }
        #expect(named.count == 1 && named.first?.profile == edited && named.first?.builtIn == true && named.first?.stored == true)
        #expect(entries.count == ProcessingProfile.builtIns.count)
        #expect(try await catalog.resolve("1080p-hevc") == ProcessingProfile.builtIn(named: "1080p-hevc"))
    }

    /// Deleting the stored version of a shipped profile brings back its defaults; deleting again,
    /// or a name never stored, is `not_found`.
    public static func catalogDeleteRestoresTheShippedProfile(_ makeStore: Factory) async throws {
        let catalog = ProcessingProfiles(store: try await makeStore())
        try await catalog.save(ProcessingProfile(name: "720p-av1", quality: .p720, codec: .av1, level: 50))
        try await catalog.delete("720p-av1")
        let shipped = try #require(ProcessingProfile.builtIn(named: "720p-av1"))
        #expect(try await catalog.resolve("720p-av1") == shipped)
        let entry = try #require(try await catalog.list().first { $0.profile.name == "720p-av1" })
        #expect(entry.profile == shipped && entry.builtIn && !entry.stored)

        let again = await #expect(throws: SpoolError.self) { try await catalog.delete("720p-av1") }
        #expect(again?.code == .notFound && again?.message.contains("shipped profile") == true, "\(again?.message ?? "")")
        let never = await #expect(throws: SpoolError.self) { try await catalog.delete("never-stored") }
        #expect(never?.code == .notFound)
    }

    /// An unknown name is `not_found` saying how to list the profiles; an invalid profile is
    /// `invalid_input` and is not stored.
    public static func catalogUnknownNamesAreNotFound(_ makeStore: Factory) async throws {
        let store = try await makeStore()
        let catalog = ProcessingProfiles(store: store)
        let unknown = await #expect(throws: SpoolError.self) { try await catalog.resolve("9000p-h266") }
        #expect(unknown?.code == .notFound)
        #expect(unknown?.message.contains("9000p-h266") == true && unknown?.message.contains("/api/processing/profiles") == true)

        let badLevel = await #expect(throws: SpoolError.self) { try await catalog.save(ProcessingProfile(name: "bad", codec: .h264, level: 60)) }
        #expect(badLevel?.code == .invalidInput && badLevel?.message.contains("level") == true)
        let badName = await #expect(throws: SpoolError.self) { try await catalog.save(ProcessingProfile(name: "Bad Name")) }
        #expect(badName?.code == .invalidInput)
        #expect(try await store.processingProfiles().isEmpty)
    }
}
