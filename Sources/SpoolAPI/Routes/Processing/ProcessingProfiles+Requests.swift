import SpoolCore

extension Optional where Wrapped == ProcessingProfiles {
    /// The profile a request's member `field` names (a copy for the job or a check that it exists).
    ///
    /// - Throws: `invalid_input` naming the member and the profile, and saying how to list the
    ///   profiles, when none has that name or processing is not set up on this server.
    func resolve(_ name: String, field: String) async throws -> ProcessingProfile {
        guard let catalog = self else {
            throw SpoolError(.invalidInput, "\(field): processing profiles are not available on this server")
        }
        do {
            return try await catalog.resolve(name)
        } catch let error as SpoolError where error.code == .notFound {
            throw SpoolError(
                .invalidInput,
                "\(field): no processing profile named '\(name.prefix(60))'; GET /api/processing/profiles (or `spool processing ls`) lists them"
            )
        }
    }
}
