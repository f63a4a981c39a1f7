import ArgumentParser
import SpoolAPIModels
import SpoolApp
import SpoolCore

/// `spool processing set NAME [options]`: stores a processing profile, starting from the current
/// one (or the defaults for a new name) and changing only what the options say.
struct ProcessingSet: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "set",
        abstract: "Add a processing profile or change one; options left out keep the current values.",
        discussion: """
            A new name starts from the defaults (1080p, h264, medium, the codec's level, audio copied,
            the download's container, original kept). Jobs added earlier keep the copy they were added with.
            Examples:
              spool processing set phone --quality 480p --codec h264 --preset veryfast --target-size 50 --replace-original
              spool processing set 720p-hevc --preset slow --level 24 --gpu
              spool processing set archive --codec av1 --audio opus --audio-bitrate 96 --quality-metric ssim
              spool processing set phone --target-size none --level default
            """
    )

    @OptionGroup var connection: ConnectionOptions

    @Argument(help: ArgumentHelp("The profile's name: 1–40 lowercase letters, digits, '-' or '_'.", valueName: "name"))
    var name: String

    @Option(help: "Highest picture height (taller videos are scaled down, never up).")
    var quality: QualityChoice?

    @Option(help: "Video codec (software: libx264, libx265, SVT-AV1).")
    var codec: CodecChoice?

    @Option(help: "Speed/size trade: slower presets give smaller files at the same quality.")
    var preset: PresetChoice?

    @Option(help: ArgumentHelp("Constant-quality level (lower is better and bigger), or 'default' for the codec's (23, 28, 35).", valueName: "n"))
    var level: NumberOrNone?

    @Option(help: "Audio: copied, or re-encoded to AAC or Opus.")
    var audio: AudioChoice?

    @Option(name: .customLong("audio-bitrate"), help: ArgumentHelp("Bit rate of re-encoded audio in kbit/s (32–512).", valueName: "kbps"))
    var audioBitrate: Int?

    @Option(help: "Container of the result, or 'keep' for the download's.")
    var container: ProcessingContainerChoice?

    @Flag(inversion: .prefixedNo, help: "Use the best working hardware encoder (software when none works).")
    var gpu: Bool?

    @Flag(name: .customLong("copy-when-compliant"), inversion: .prefixedNo, help: "Stream-copy files that already meet the profile.")
    var copyWhenCompliant: Bool?

    @Option(name: .customLong("target-size"), help: ArgumentHelp("Fit the result under this many MB (two passes), or 'none'.", valueName: "mb"))
    var targetSize: NumberOrNone?

    @Flag var original: OriginalChoice?

    @Option(name: .customLong("quality-metric"), help: "Measure a quality score after the encode, or 'none'.")
    var qualityMetric: MetricChoice?

    @Flag(name: .customLong("full-decode-check"), inversion: .prefixedNo, help: "Decode the whole result once before accepting it.")
    var fullDecodeCheck: Bool?

    @Flag(help: "Print the stored profile as JSON.")
    var json = false

    func validate() throws {
        do {
            try ProcessingProfile.validateName(name)
        } catch {
            throw ValidationError(error.message)
        }
    }

    func run() async throws {
        try await connection.withClient { client in
            let current: ProcessingProfile
            do {
                current = try await client.processingProfile(name).profile
            } catch let error as ClientError where error.kind == .notFound {
                current = ProcessingProfile(name: name)
            }
            let saved = try await client.saveProcessingProfile(name, ProcessingProfileRequest(changed(current)))
            if json {
                try CommandOutput.printJSON(saved)
            } else {
                CommandOutput.print(["Saved processing profile '\(saved.name)'"] + ProcessingProfileReport(profile: saved).lines().dropFirst())
            }
        }
    }

    /// `profile` with the options' changes.
    func changed(_ profile: ProcessingProfile) -> ProcessingProfile {
        var profile = profile
        if let quality { profile.quality = VideoQuality(rawValue: quality.rawValue) ?? profile.quality }
        if let codec { profile.codec = VideoCodec(rawValue: codec.rawValue) ?? profile.codec }
        if let preset { profile.preset = CompressionPreset(rawValue: preset.rawValue) ?? profile.preset }
        if let level { profile.level = level.value }
        if let audio { profile.audio = AudioCodecChoice(rawValue: audio.rawValue) ?? profile.audio }
        if let audioBitrate { profile.audioBitrate = audioBitrate }
        if let container { profile.container = OutputContainer(rawValue: container.rawValue) }
        if let gpu { profile.useGPU = gpu }
        if let copyWhenCompliant { profile.copyWhenCompliant = copyWhenCompliant }
        if let targetSize { profile.targetSizeMB = targetSize.value }
        if let original { profile.keepOriginal = original == .keepOriginal }
        if let qualityMetric { profile.qualityMetric = QualityMetric(rawValue: qualityMetric.rawValue) }
        if let fullDecodeCheck { profile.fullDecodeCheck = fullDecodeCheck }
        return profile
    }
}
