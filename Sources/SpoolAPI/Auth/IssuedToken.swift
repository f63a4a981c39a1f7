import SpoolCore

/// A token just created: the secret bearer text (shown once) and its stored record.
struct IssuedToken: Sendable {
    /// `spl_<id>_<secret>`.
    let token: String
    /// The stored record (hash only).
    let record: APIToken
}
