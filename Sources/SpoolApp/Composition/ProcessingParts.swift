import SpoolCore
import SpoolMedia

/// What processing needs in one process, shared by the API and the PROCESSING stage: the catalog
/// of processing profiles over the backend's store, and the registry of hardware encoders
/// (tested at start where transcodes run, else on first use; again on `POST /api/hw/detect`).
struct ProcessingParts: Sendable {
    /// Shipped and stored processing profiles.
    let profiles: ProcessingProfiles
    /// This process's hardware encoders.
    let hardware: HardwareEncoders

    /// The parts over `store`, testing hardware encoders with the configured ffmpeg.
    init(store: any ProcessingProfileStore, configuration: SpoolConfiguration) {
        profiles = ProcessingProfiles(store: store)
        hardware = HardwareEncoders(detector: FFmpegHardwareDetector(
            FFmpeg(executable: configuration.tools.ffmpegPath, killGrace: .milliseconds(500)), timeout: configuration.processing.probeTimeout
        ))
    }
}
