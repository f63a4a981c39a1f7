import SpoolCore

/// What processing needs in one process, shared by the API and the PROCESSING stage: the catalog
/// of processing profiles over the backend's store, and the registry of hardware encoders
/// (detected on first use — `GET /api/hw` or the first job asking for the GPU — and again on
/// `POST /api/hw/detect`).
struct ProcessingParts: Sendable {
    /// Shipped and stored processing profiles.
    let profiles: ProcessingProfiles
    /// This process's hardware encoders; nil until a detector is wired (then `/api/hw` is left out).
    let hardware: HardwareEncoders?

    /// The parts over `store`, detecting hardware encoders with the configured ffmpeg.
    init(store: any ProcessingProfileStore, configuration: SpoolConfiguration) {
        profiles = ProcessingProfiles(store: store)
        // wired when FFmpegHardwareDetector lands (SpoolMedia), e.g.:
        //   hardware = HardwareEncoders(detector: FFmpegHardwareDetector(
        //       FFmpeg(executable: configuration.tools.ffmpegPath), timeout: configuration.processing.probeTimeout))
        hardware = nil
    }
}
