import Foundation
import SpoolCore
import Testing

/// The conformance suite every ``ProcessingProfileStore`` passes: every field of a profile stored
/// by name, a save replacing the profile of the same name (also when many run at once), deletes
/// that say whether they removed anything, names listed in byte order; and the catalog
/// (``ProcessingProfiles``) over the store merging shipped and stored profiles.
///
/// The factory must return an empty store for each call.
public enum ProcessingProfileStoreConformance {
    /// Makes an empty store for one check.
    public typealias Factory = @Sendable () async throws -> any ProcessingProfileStore

    /// Every check, for a parameterized test.
    public static let checks: [ConformanceCheck<Factory>] = [
        .init("storesEveryFieldOfAProfile", storesEveryFieldOfAProfile),
        .init("saveReplacesTheProfileOfTheSameName", saveReplacesTheProfileOfTheSameName),
        .init("concurrentSavesLeaveOneProfilePerName", concurrentSavesLeaveOneProfilePerName),
        .init("deleteRemovesOnlyThatProfile", deleteRemovesOnlyThatProfile),
        .init("profilesAreListedInByteOrderOfTheirNames", profilesAreListedInByteOrderOfTheirNames),
        .init("catalogListsShippedAndStoredProfiles", catalogListsShippedAndStoredProfiles),
        .init("catalogStoredProfileReplacesTheShippedOne", catalogStoredProfileReplacesTheShippedOne),
        .init("catalogDeleteRestoresTheShippedProfile", catalogDeleteRestoresTheShippedProfile),
        .init("catalogUnknownNamesAreNotFound", catalogUnknownNamesAreNotFound),
    ]

    /// A profile with every field set, and one with every optional field nil, read back exactly
    /// as saved; an unknown name reads as nil.
    public static func storesEveryFieldOfAProfile(_ makeStore: Factory) async throws {
        let store = try await makeStore()
        let full = ProcessingProfile(
            name: "archive_small-2", quality: .p1440, codec: .av1, preset: .veryslow, level: 41, audio: .opus, audioBitrate: 96,
            container: .mp4, useGPU: true, copyWhenCompliant: false, targetSizeMB: 700, keepOriginal: false,
            qualityMetric: .vmaf, fullDecodeCheck: true
        )
        let plain = ProcessingProfile(name: "plain")
        try await store.saveProcessingProfile(full)
        try await store.saveProcessingProfile(plain)
        #expect(try await store.processingProfile(named: full.name) == full)
        #expect(try await store.processingProfile(named: plain.name) == plain)
        #expect(try await store.processingProfiles() == [full, plain])
        #expect(try await store.processingProfile(named: "missing") == nil)
        #expect(try await store.processingProfile(named: "ARCHIVE_SMALL-2") == nil, "names are matched exactly")
    }

    /// Saving under a stored name replaces that profile, fields that became nil included; others stay.
    public static func saveReplacesTheProfileOfTheSameName(_ makeStore: Factory) async throws {
        let store = try await makeStore()
        let other = ProcessingProfile(name: "other", codec: .hevc)
        try await store.saveProcessingProfile(other)
        try await store.saveProcessingProfile(ProcessingProfile(name: "mine", level: 30, container: .mkv, targetSizeMB: 50, qualityMetric: .ssim))
        let changed = ProcessingProfile(name: "mine", quality: .p480, codec: .hevc, preset: .fast, audio: .aac, audioBitrate: 192)
        try await store.saveProcessingProfile(changed)
        #expect(try await store.processingProfile(named: "mine") == changed)
        #expect(try await store.processingProfiles() == [changed, other])
    }

    /// Many saves of one name at once all succeed and leave one of them stored.
    public static func concurrentSavesLeaveOneProfilePerName(_ makeStore: Factory) async throws {
        let store = try await makeStore()
        let versions = (0..<8).map { ProcessingProfile(name: "shared", level: 20 + $0) }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for version in versions {
                group.addTask { try await store.saveProcessingProfile(version) }
            }
            try await group.waitForAll()
        }
        let stored = try await store.processingProfiles()
        #expect(stored.count == 1)
        #expect(stored.first.map(versions.contains) == true, "\(stored)")
    }

    /// Delete answers true once and false after; other profiles stay.
    public static func deleteRemovesOnlyThatProfile(_ makeStore: Factory) async throws {
        let store = try await makeStore()
        let kept = ProcessingProfile(name: "kept")
        try await store.saveProcessingProfile(kept)
        try await store.saveProcessingProfile(ProcessingProfile(name: "doomed"))
        #expect(try await store.deleteProcessingProfile(named: "doomed"))
        #expect(try await store.processingProfile(named: "doomed") == nil)
        #expect(try await store.deleteProcessingProfile(named: "doomed") == false)
        #expect(try await store.deleteProcessingProfile(named: "never") == false)
        #expect(try await store.processingProfiles() == [kept])
    }

    /// The list is ordered by name bytes, whatever the order of saving or the database's locale.
    public static func profilesAreListedInByteOrderOfTheirNames(_ makeStore: Factory) async throws {
        let store = try await makeStore()
        let names = ["b", "a_1", "720p-h264", "a-1", "a1", "1080p-h264", "a"]
        for name in names {
            try await store.saveProcessingProfile(ProcessingProfile(name: name))
        }
        let listed = try await store.processingProfiles().map(\.name)
        #expect(listed == names.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) })
    }
}
