/// The errors every ``SourceStore`` throws, worded the same in every backend.
public enum SourceStoreErrors {
    /// `not_found`: `source 7 does not exist`.
    public static func sourceNotFound(_ id: Int64) -> SpoolError {
        SpoolError(.notFound, "source \(id) does not exist")
    }

    /// `not_found`: `source 7 has no item 'abc'`.
    public static func itemNotFound(sourceID: Int64, mediaID: String) -> SpoolError {
        SpoolError(.notFound, "source \(sourceID) has no item '\(mediaID)'")
    }

    /// `not_found`: `profile 3 does not exist`.
    public static func profileNotFound(_ id: Int64) -> SpoolError {
        SpoolError(.notFound, "profile \(id) does not exist")
    }

    /// `conflict`: the URL is followed by another source.
    public static func urlFollowed(_ url: String, by name: String, id: Int64) -> SpoolError {
        SpoolError(.conflict, "source \(url) is followed already as '\(name)' (id \(id))")
    }

    /// `conflict`: another profile has the name.
    public static func profileNameTaken(_ name: String, id: Int64) -> SpoolError {
        SpoolError(.conflict, "a profile named '\(name)' exists already (id \(id))")
    }

    /// `conflict`: sources still download with the profile.
    public static func profileInUse(_ id: Int64, name: String, by sources: [(id: Int64, name: String)]) -> SpoolError {
        let names = sources.map { "'\($0.name)' (id \($0.id))" }.joined(separator: ", ")
        let noun = sources.count == 1 ? "source" : "sources"
        return SpoolError(.conflict, "profile '\(name)' (id \(id)) is used by \(noun) \(names); give them another profile first")
    }
}
