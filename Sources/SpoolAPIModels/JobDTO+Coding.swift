import Foundation
import SpoolCore

extension JobDTO {
    private enum CodingKeys: String, CodingKey {
        case id, number, ownerId, url, status, pausedFrom, stage, title, progress, attempts, error, outputPath, queuePosition, priority, tags
        case formatPreset, outputContainer, requestedDubbing, targetLang, dubbingProvider, sourceLang, hasDubbingSubtitles
        case stages, artifacts, subtitleLanguages, embedThumbnail, outputTemplate, process, processingReport, storage, batch
        case createdAt, updatedAt, startedAt, finishedAt
    }

    /// Encodes every member, nil as `null`, so the shape never changes.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(number, forKey: .number)
        try container.encode(ownerId, forKey: .ownerId)
        try container.encode(url, forKey: .url)
        try container.encode(status, forKey: .status)
        try container.encode(pausedFrom, forKey: .pausedFrom)
        try container.encode(stage, forKey: .stage)
        try container.encode(title, forKey: .title)
        try container.encode(progress, forKey: .progress)
        try container.encode(attempts, forKey: .attempts)
        try container.encode(error, forKey: .error)
        try container.encode(outputPath, forKey: .outputPath)
        try container.encode(queuePosition, forKey: .queuePosition)
        try container.encode(priority, forKey: .priority)
        try container.encode(tags, forKey: .tags)
        try container.encode(formatPreset, forKey: .formatPreset)
        try container.encode(outputContainer, forKey: .outputContainer)
        try container.encode(requestedDubbing, forKey: .requestedDubbing)
        try container.encode(targetLang, forKey: .targetLang)
        try container.encode(dubbingProvider, forKey: .dubbingProvider)
        try container.encode(sourceLang, forKey: .sourceLang)
        try container.encode(hasDubbingSubtitles, forKey: .hasDubbingSubtitles)
        try container.encode(stages, forKey: .stages)
        try container.encode(artifacts, forKey: .artifacts)
        try container.encode(subtitleLanguages, forKey: .subtitleLanguages)
        try container.encode(embedThumbnail, forKey: .embedThumbnail)
        try container.encode(outputTemplate, forKey: .outputTemplate)
        try container.encode(process, forKey: .process)
        try container.encode(processingReport, forKey: .processingReport)
        try container.encode(storage, forKey: .storage)
        try container.encode(batch, forKey: .batch)
        try container.encode(createdAt, forKey: .createdAt)
        try container.encode(updatedAt, forKey: .updatedAt)
        try container.encode(startedAt, forKey: .startedAt)
        try container.encode(finishedAt, forKey: .finishedAt)
    }

    /// Decodes a job leniently, so that a client keeps working against a server that sends less
    /// (or more): only `id` and `status` are required; absent members take their defaults.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(JobID.self, forKey: .id)
        number = try c.decodeIfPresent(Int64.self, forKey: .number)
        ownerId = try c.decodeIfPresent(Int64.self, forKey: .ownerId)
        url = try c.decodeIfPresent(String.self, forKey: .url) ?? ""
        status = try c.decode(JobState.self, forKey: .status)
        pausedFrom = try c.decodeIfPresent(JobState.self, forKey: .pausedFrom)
        stage = try c.decodeIfPresent(Stage.self, forKey: .stage)
        title = try c.decodeIfPresent(String.self, forKey: .title)
        progress = try c.decodeIfPresent(Progress.self, forKey: .progress) ?? Progress(JobProgress())
        attempts = try c.decodeIfPresent(Int.self, forKey: .attempts) ?? 0
        error = try c.decodeIfPresent(Failure.self, forKey: .error)
        outputPath = try c.decodeIfPresent(String.self, forKey: .outputPath)
        queuePosition = try c.decodeIfPresent(Int64.self, forKey: .queuePosition) ?? 0
        priority = try c.decodeIfPresent(JobPriority.self, forKey: .priority) ?? .normal
        tags = try c.decodeIfPresent([String].self, forKey: .tags) ?? []
        formatPreset = try c.decodeIfPresent(String.self, forKey: .formatPreset) ?? JobDefaults().formatPreset
        outputContainer = try c.decodeIfPresent(String.self, forKey: .outputContainer).flatMap(OutputContainer.init(rawValue:))
            ?? JobDefaults().outputContainer
        requestedDubbing = try c.decodeIfPresent(Bool.self, forKey: .requestedDubbing) ?? false
        targetLang = try c.decodeIfPresent(String.self, forKey: .targetLang)
        dubbingProvider = try c.decodeIfPresent(String.self, forKey: .dubbingProvider)
        sourceLang = try c.decodeIfPresent(String.self, forKey: .sourceLang)
        hasDubbingSubtitles = try c.decodeIfPresent(Bool.self, forKey: .hasDubbingSubtitles) ?? false
        stages = try c.decodeIfPresent([StageStatus].self, forKey: .stages) ?? []
        artifacts = try c.decodeIfPresent([Artifact].self, forKey: .artifacts) ?? []
        subtitleLanguages = try c.decodeIfPresent([String].self, forKey: .subtitleLanguages) ?? []
        embedThumbnail = try c.decodeIfPresent(Bool.self, forKey: .embedThumbnail) ?? false
        outputTemplate = try c.decodeIfPresent(String.self, forKey: .outputTemplate)
        process = try c.decodeIfPresent(String.self, forKey: .process)
        processingReport = try c.decodeIfPresent(ProcessingReportDTO.self, forKey: .processingReport)
        storage = try c.decodeIfPresent(String.self, forKey: .storage)
        batch = try c.decodeIfPresent(BatchMembership.self, forKey: .batch)
        createdAt = try c.decodeIfPresent(Date.self, forKey: .createdAt) ?? Date(timeIntervalSince1970: 0)
        updatedAt = try c.decodeIfPresent(Date.self, forKey: .updatedAt) ?? createdAt
        startedAt = try c.decodeIfPresent(Date.self, forKey: .startedAt)
        finishedAt = try c.decodeIfPresent(Date.self, forKey: .finishedAt)
    }

    /// A job view with the given members and defaults for the rest (for previews and tests).
    public init(id: JobID, url: String, status: JobState, title: String? = nil, progress: JobProgress = JobProgress(), priority: JobPriority = .normal) {
        self.init(Job(id: id, options: JobOptions(url: url, priority: priority), now: Date(timeIntervalSince1970: 0)), stages: .standard)
        self.status = status
        self.title = title
        self.progress = Progress(progress)
        stage = nil
        stages = []
    }

    /// The title, or the URL while the title is unknown.
    public var displayName: String { title.flatMap { $0.isEmpty ? nil : $0 } ?? url }
}
