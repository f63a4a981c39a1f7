import SpoolCore

/// Seed 003's ProcessingConfig, the `config` of `POST /api/v1/jobs`, in its snake_case names.
///
/// How it maps onto Spool's job options:
/// - `quality` alone downloads at most that height (the format preset of that name), no transcode;
/// - `compression_preset`, `compression_level`, `use_gpu` or `use_hardware_accel` add a PROCESSING
///   stage with an h264 profile of that quality (1080p when none is given), preset and level
///   (CRF), on a hardware encoder when one works;
/// - `priority` 1–10 (5 by default): 1–3 is Spool's `low`, 4–6 `normal`, 7–10 `high`;
/// - `tags` label every job; `notification_webhook` is told about every job of the batch.
public struct V1ProcessingConfig: Sendable, Codable, Hashable {
    /// `480p`, `720p`, `1080p`, `1440p` or `2160p`.
    public var quality: VideoQuality?
    /// `ultrafast` … `veryslow`.
    public var compressionPreset: CompressionPreset?
    /// The constant-quality level (CRF, 0–51 for h264).
    public var compressionLevel: Int?
    /// Prefer a hardware encoder.
    public var useGPU: Bool?
    /// Same as `use_gpu` (seed 003 names both).
    public var useHardwareAccel: Bool?
    /// 1 (lowest) … 10 (highest).
    public var priority: Int?
    /// A URL told about every job of the batch.
    public var notificationWebhook: String?
    /// Labels for every job.
    public var tags: [String]?

    /// Creates a configuration.
    public init(
        quality: VideoQuality? = nil, compressionPreset: CompressionPreset? = nil, compressionLevel: Int? = nil, useGPU: Bool? = nil,
        useHardwareAccel: Bool? = nil, priority: Int? = nil, notificationWebhook: String? = nil, tags: [String]? = nil
    ) {
        self.quality = quality
        self.compressionPreset = compressionPreset
        self.compressionLevel = compressionLevel
        self.useGPU = useGPU
        self.useHardwareAccel = useHardwareAccel
        self.priority = priority
        self.notificationWebhook = notificationWebhook
        self.tags = tags
    }

    /// Decodes strictly: unknown members are `unknown_field`, values out of range `invalid_input`.
    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(allowed: CodingKeys.memberNames, parent: "config")
        let c = try decoder.container(keyedBy: CodingKeys.self)
        quality = try c.decodeIfPresent(String.self, forKey: .quality).map { raw in
            guard let value = VideoQuality(rawValue: raw) else {
                throw SpoolError(.invalidInput, "config.quality must be one of \(VideoQuality.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            return value
        }
        compressionPreset = try c.decodeIfPresent(String.self, forKey: .compressionPreset).map { raw in
            guard let value = CompressionPreset(rawValue: raw) else {
                throw SpoolError(.invalidInput, "config.compression_preset must be one of \(CompressionPreset.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            return value
        }
        compressionLevel = try c.decodeIfPresent(Int.self, forKey: .compressionLevel)
        useGPU = try c.decodeIfPresent(Bool.self, forKey: .useGPU)
        useHardwareAccel = try c.decodeIfPresent(Bool.self, forKey: .useHardwareAccel)
        priority = try c.decodeIfPresent(Int.self, forKey: .priority)
        if let priority, !(1...10).contains(priority) {
            throw SpoolError(.invalidInput, "config.priority must be between 1 and 10")
        }
        notificationWebhook = try c.decodeIfPresent(String.self, forKey: .notificationWebhook)
        tags = try c.decodeIfPresent([String].self, forKey: .tags)
    }

    /// Whether the jobs are transcoded (a compression setting or the GPU was asked for).
    public var transcodes: Bool {
        compressionPreset != nil || compressionLevel != nil || useGPU == true || useHardwareAccel == true
    }

    /// The processing profile the jobs are transcoded with; nil when ``transcodes`` is false.
    public var processingProfile: ProcessingProfile? {
        guard transcodes else { return nil }
        let quality = quality ?? .p1080
        return ProcessingProfile(
            name: "api-v1-\(quality.rawValue)", quality: quality, codec: .h264, preset: compressionPreset ?? .medium,
            level: compressionLevel, useGPU: useGPU == true || useHardwareAccel == true
        )
    }

    /// Spool's priority class for the seed's 1–10.
    public var jobPriority: JobPriority {
        switch priority ?? 5 {
        case ...3: .low
        case 7...: .high
        default: .normal
        }
    }

    /// The options of the job for `url`.
    public func jobOptions(url: String, defaults: JobDefaults = JobDefaults()) -> JobOptions {
        var options = CreateJobRequest(url: url, priority: jobPriority, tags: tags).options(defaults: defaults)
        if let quality, let preset = FormatPreset(rawValue: quality.rawValue) {
            options.formatPreset = preset.rawValue
        }
        options.processing = processingProfile
        return options
    }

    private enum CodingKeys: String, CodingKey, CaseIterable {
        case quality
        case compressionPreset = "compression_preset"
        case compressionLevel = "compression_level"
        case useGPU = "use_gpu"
        case useHardwareAccel = "use_hardware_accel"
        case priority
        case notificationWebhook = "notification_webhook"
        case tags
    }
}
