import SpoolAPIModels
import SpoolCore

/// The `spool show` report of one job, in sections like `transmission-remote -i`.
public struct JobReport: Sendable {
    /// The job, its media and events.
    public var detail: JobDetailResponse
    /// How many of the latest events to list.
    public var eventCount: Int

    /// Creates a report.
    public init(_ detail: JobDetailResponse, eventCount: Int = 10) {
        self.detail = detail
        self.eventCount = eventCount
    }

    /// The rendered lines.
    public func lines() -> [String] {
        let job = detail.job
        var out: [String] = []
        func section(_ title: String, _ rows: [(String, String?)]) {
            let shown = rows.compactMap { label, value in value.map { (label, $0) } }
            guard !shown.isEmpty else { return }
            if !out.isEmpty { out.append("") }
            out.append(title)
            for (label, value) in shown { out.append("  " + TextWidth.pad(label + ":", to: 17) + value) }
        }
        var state = HumanFormat.status(of: job)
        if let stage = job.stage { state += " (stage \(stage.rawValue)" + (job.attempts > 1 ? ", attempt \(job.attempts))" : ")") }
        section("JOB", [
            ("Id", job.id.rawValue),
            ("Name", job.displayName),
            ("URL", job.url),
            ("State", state),
            ("Priority", job.priority.rawValue),
            ("Queue position", String(job.queuePosition)),
            ("Tags", job.tags.isEmpty ? nil : job.tags.joined(separator: ", ")),
            ("Location", job.outputPath),
        ])
        let done = job.status == .complete
        section("TRANSFER", [
            ("Progress", done ? "100%" : job.progress.percent.map { HumanFormat.precisePercent($0).trimmingLeadingSpaces }),
            ("Have", haveText(job)),
            ("Speed", job.status.isRunning ? HumanFormat.speed(job.progress.speed).nonEmpty : nil),
            ("ETA", job.status.isRunning ? HumanFormat.duration(job.progress.eta) : nil),
            ("Encode", job.status.isRunning ? Self.encodeSpeed(job.progress) : nil),
        ])
        if job.stages.count > 1 {
            section("STAGES", job.stages.map { stage in
                (stage.name.rawValue, stage.status.rawValue + (stage.percent.map { " " + HumanFormat.precisePercent($0).trimmingLeadingSpaces } ?? ""))
            })
        }
        section("OPTIONS", [
            ("Format", job.formatPreset),
            ("Container", job.outputContainer.rawValue),
            ("Subtitles", job.subtitleLanguages.isEmpty ? "none" : job.subtitleLanguages.joined(separator: ", ")),
            ("Thumbnail", job.embedThumbnail ? "embedded" : "no"),
            ("Dubbing", job.requestedDubbing
                ? [job.targetLang ?? "default language", job.dubbingProvider.map { "via \($0)" }].compactMap { $0 }.joined(separator: " ")
                : "no"),
            ("Output template", job.outputTemplate),
            ("Processing", job.process),
            ("Storage", job.storage),
        ])
        if let report = job.processingReport {
            section("PROCESSING", Self.processingRows(report))
        }
        if let media = detail.media {
            section("MEDIA", [
                ("Title", media.title),
                ("Uploader", media.uploader),
                ("Duration", media.duration.map { HumanFormat.duration($0) }),
                ("Resolution", media.resolution),
                ("Size", media.filesize.map { HumanFormat.bytes($0) }),
                ("Codecs", [media.videoCodec, media.audioCodec].compactMap { $0 }.joined(separator: " / ").nonEmpty),
                ("Container", media.container),
                ("Extractor", [media.extractor, media.sourceId].compactMap { $0 }.joined(separator: " ").nonEmpty),
                ("Page", media.webpageUrl),
                ("File", media.relativePath ?? media.path),
            ])
        }
        section("HISTORY", [
            ("Created", HumanFormat.date(job.createdAt)),
            ("Started", job.startedAt.map { HumanFormat.date($0) }),
            ("Finished", job.finishedAt.map { HumanFormat.date($0) }),
        ])
        if let error = job.error {
            section("ERROR", [
                ("Code", error.code + (error.stage.map { " (stage \($0.rawValue))" } ?? "")),
                ("Message", error.message),
            ])
        }
        let events = detail.events.suffix(eventCount)
        if !events.isEmpty {
            out.append("")
            out.append("EVENTS (latest \(events.count) of \(detail.events.count); `spool logs \(HumanFormat.shortID(job.id.rawValue))` for all)")
            out.append(contentsOf: events.map { "  " + EventText.line($0.event) })
        }
        return out
    }

    private func haveText(_ job: JobDTO) -> String? {
        let have = JobTable.have(job)
        guard have != nil || job.progress.totalBytes != nil else { return nil }
        guard let total = job.progress.totalBytes else { return HumanFormat.bytes(have) }
        return "\(HumanFormat.bytes(have)) of \(HumanFormat.bytes(total))"
    }
}

extension String {
    /// Nil when empty.
    var nonEmpty: String? { isEmpty ? nil : self }
}
