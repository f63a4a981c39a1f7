/// Spool's own version, as hooks see it (`TR_APP_VERSION`).
public enum SpoolVersion {
    /// The version of this build.
    public static let current = "0.13.0"
}
