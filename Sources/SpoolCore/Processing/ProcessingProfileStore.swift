import Foundation

/// Stored processing profiles (SQLite or PostgreSQL), by name. A stored profile named like a
/// shipped one replaces it; ``ProcessingProfiles`` merges the two.
public protocol ProcessingProfileStore: Sendable {
    /// Every stored profile, by name.
    func processingProfiles() async throws -> [ProcessingProfile]
    /// The stored profile named `name`, if any.
    func processingProfile(named name: String) async throws -> ProcessingProfile?
    /// Stores `profile`, replacing one of the same name.
    func saveProcessingProfile(_ profile: ProcessingProfile) async throws
    /// Removes the stored profile named `name`; false when there was none.
    func deleteProcessingProfile(named name: String) async throws -> Bool
}

/// The processing profiles a user can name: the shipped ones, each replaceable by a stored
/// profile of the same name, and the user's own.
public struct ProcessingProfiles: Sendable {
    /// A profile and where it comes from.
    public struct Entry: Sendable, Hashable {
        /// The profile in effect.
        public var profile: ProcessingProfile
        /// Whether Spool ships a profile of this name.
        public var builtIn: Bool
        /// Whether a stored profile is in effect (a user's own, or a shipped one edited).
        public var stored: Bool
    }

    /// Where edited and new profiles are kept.
    public let store: any ProcessingProfileStore

    /// Creates the catalog over `store`.
    public init(store: any ProcessingProfileStore) {
        self.store = store
    }

    /// Every profile, by name.
    public func list() async throws -> [Entry] {
        let stored = Dictionary(try await store.processingProfiles().map { ($0.name, $0) }, uniquingKeysWith: { $1 })
        var entries = ProcessingProfile.builtIns.map { builtIn in
            Entry(profile: stored[builtIn.name] ?? builtIn, builtIn: true, stored: stored[builtIn.name] != nil)
        }
        let shipped = Set(ProcessingProfile.builtIns.map(\.name))
        entries += stored.values.filter { !shipped.contains($0.name) }.map { Entry(profile: $0, builtIn: false, stored: true) }
        return entries.sorted { $0.profile.name < $1.profile.name }
    }

    /// The profile named `name` in effect; throws `not_found` naming a few that exist.
    public func resolve(_ name: String) async throws -> ProcessingProfile {
        if let stored = try await store.processingProfile(named: name) { return stored }
        if let shipped = ProcessingProfile.builtIn(named: name) { return shipped }
        throw SpoolError(.notFound, "no processing profile named '\(name.prefix(60))'; GET /api/processing/profiles lists them (e.g. 720p-h264, 1080p-hevc)")
    }

    /// Validates and stores `profile`.
    public func save(_ profile: ProcessingProfile) async throws {
        try profile.validate()
        try await store.saveProcessingProfile(profile)
    }

    /// Removes a stored profile (a shipped one goes back to its defaults); throws `not_found`
    /// when nothing is stored under `name`.
    public func delete(_ name: String) async throws {
        guard try await store.deleteProcessingProfile(named: name) else {
            let hint = ProcessingProfile.builtIn(named: name) != nil ? " (it is a shipped profile with its defaults)" : ""
            throw SpoolError(.notFound, "no stored processing profile named '\(name.prefix(60))'\(hint)")
        }
    }
}
