import Foundation
import SpoolCore

extension DownloadStage {
    /// What an archived download put into the library besides its video.
    struct KeptSideFiles: Sendable {
        /// The side files in the library, recorded on the job so that deleting it deletes them.
        var artifacts: [JobArtifact] = []
        /// Work-folder path → library path of each file moved.
        var moved: [String: String] = [:]
        /// Log lines: what was kept, what was written, what could not be.
        var events: [JobEvent] = []
        /// Library-relative paths kept beside the video, for the log.
        var names: [String] = []
        /// The kept thumbnail, if any.
        var thumbnail: StoredFile?
    }

    /// A folder of the work folder for the NFO files before they go into the library (a name no
    /// output template of a source starts with).
    static let nfoFolder = ".spool-nfo"

    /// For a video of a followed source (``JobOptions/archive``): moves the side files yt-dlp wrote
    /// beside it into the library after `video` (see ``SideFilePlan``), then writes its episode NFO,
    /// and the source's `tvshow.nfo` and poster when they are missing. A side file that cannot be
    /// kept is logged as a warning: the video itself is already safe in the library.
    func keepSideFiles(of job: Job, result: MediaDownloadResult, video: StoredFile, media: Media, workDirectory: String) -> KeptSideFiles {
        let request = configuration.requests.request(for: job, workDirectory: workDirectory)
        guard let plan = SideFilePlan(request: request) else { return KeptSideFiles() }
        var kept = KeptSideFiles()
        let folder = (result.filePath as NSString).deletingLastPathComponent
        let names = storage.fileNames(in: folder)
        let subtitleFolder = plan.subtitleFolder(of: result.filePath)
        let subtitleNames = subtitleFolder == folder ? names : storage.fileNames(in: subtitleFolder)
        for file in plan.sideFiles(of: result.filePath, names: names, subtitleNames: subtitleNames) {
            keep(file, beside: video, job: job, into: &kept)
        }
        if plan.archive.writeNFO {
            writeNFOs(of: job, plan: plan, template: request.outputTemplate, metadata: result.metadata ?? SourceMetadata(), video: video, media: media, into: &kept)
        }
        if !kept.names.isEmpty {
            kept.events.insert(.log(job.id, .info, "kept beside the video: \(kept.names.joined(separator: ", "))", stage: .download), at: 0)
        }
        return kept
    }

    /// Moves one side file into the library and records it.
    private func keep(_ file: SideFile, beside video: StoredFile, job: Job, into kept: inout KeptSideFiles) {
        do {
            let stored = try storage.storeSideFile(file, beside: video.path)
            var language: String?
            if case .subtitles(let tag) = file.kind { language = tag }
            if file.kind == .thumbnail, kept.thumbnail == nil { kept.thumbnail = stored }
            kept.artifacts.append(JobArtifact(kind: .sideFile, path: stored.path, language: language, stage: .download))
            kept.moved[file.path] = stored.path
            kept.names.append(stored.relativePath)
        } catch {
            kept.events.append(.log(job.id, .warning, "could not keep \((file.path as NSString).lastPathComponent): \(Self.reason(error))", stage: .download))
        }
    }

    /// The episode NFO beside the video; the source's `tvshow.nfo` and, in the media-server layout,
    /// its `poster.<ext>` (a copy of this video's thumbnail), each only when missing.
    private func writeNFOs(
        of job: Job, plan: SideFilePlan, template: String, metadata: SourceMetadata, video: StoredFile, media: Media,
        into kept: inout KeptSideFiles
    ) {
        let showName = plan.archive.showName
        let thumb = kept.thumbnail.map { ($0.path as NSString).lastPathComponent }
        let episode = EpisodeNFO(metadata: metadata, showName: showName, duration: media.duration, thumb: thumb)
        let folder: String
        do {
            folder = try storage.createWorkDirectory(for: job.id, subfolder: Self.nfoFolder)
            try storage.write(episode.xml, to: folder + "/episode.nfo")
        } catch {
            kept.events.append(.log(job.id, .warning, "could not write the episode NFO: \(Self.reason(error))", stage: .download))
            return
        }
        keep(SideFile(kind: .nfo, path: folder + "/episode.nfo", name: .besideVideo(suffix: ".nfo")), beside: video, job: job, into: &kept)

        guard let show = SideFileLayout.showFolder(template: template, showName: showName, videoRelativePath: video.relativePath) else { return }
        var poster: String?
        if plan.layout == .besideVideo, let thumbnail = kept.thumbnail {
            let name = "poster." + (thumbnail.path as NSString).pathExtension
            poster = name
            shared(show + "/" + name, from: thumbnail.path, job: job, into: &kept)
        }
        do {
            try storage.write(TVShowNFO(title: showName, poster: poster).xml, to: folder + "/tvshow.nfo")
            shared(show + "/tvshow.nfo", from: folder + "/tvshow.nfo", job: job, into: &kept)
        } catch {
            kept.events.append(.log(job.id, .warning, "could not write tvshow.nfo: \(Self.reason(error))", stage: .download))
        }
    }

    /// Copies a file the source's videos share to `relativePath` when it is missing; it is not
    /// recorded on the job (deleting one video keeps it).
    private func shared(_ relativePath: String, from file: String, job: Job, into kept: inout KeptSideFiles) {
        do {
            if let stored = try storage.storeCopy(of: file, at: relativePath) {
                kept.events.append(.log(job.id, .info, "wrote \(stored.relativePath)", stage: .download))
            }
        } catch {
            kept.events.append(.log(job.id, .warning, "could not write \(relativePath): \(Self.reason(error))", stage: .download))
        }
    }

    /// The voice-over subtitle files in `language` the download left: in the work folder, the video's
    /// folder, and its `subtitles/` folder (an archived video's).
    func voiceOverSubtitles(of job: Job, video: String, workDirectory: String) -> [String] {
        guard job.options.requestedDubbing, let language = job.options.targetLang else { return [] }
        let folder = (video as NSString).deletingLastPathComponent
        var found: [String] = []
        for directory in [workDirectory, folder, folder + "/" + SideFileLayout.subtitleFolder] {
            for path in Self.subtitleFiles(storage.fileNames(in: directory), in: directory, language: language) where !found.contains(path) {
                found.append(path)
            }
        }
        return found
    }

    private static func reason(_ error: any Error) -> String {
        (error as? SpoolError)?.message ?? "\(error)"
    }
}
