/// The retention of the whole library: the library's one-off jobs by ``LibraryRetention``, then
/// every source with an active retention by its own. Behind `GET/POST /api/retention`, `spool
/// retention` and the scheduled `retention` maintenance task.
///
/// A dry run (``plan()``) lists each job's ``Job/storedFiles(media:)``; a real run (``apply()``)
/// deletes through ``JobService/delete(_:deleteFiles:reason:)``, which removes those same files.
public struct RetentionService: Sendable {
    /// Sources and their retention (its job service deletes).
    public let archive: ArchiveService
    /// The rules of jobs no source owns.
    public let library: LibraryRetention

    /// Creates the service.
    public init(archive: ArchiveService, library: LibraryRetention) {
        self.archive = archive
        self.library = library
    }

    private var jobs: JobService { archive.jobs }

    /// What every rule set would delete now; nothing is changed.
    public func plan() async throws -> RetentionReport {
        let sources = try await archive.sources()
        var report = RetentionReport(applied: false, library: try await libraryPlan(sources: Set(sources.map(\.id))), sources: [])
        for source in sources where source.retention.isActive {
            report.sources.append(try await archive.retentionPlan(source.id))
        }
        return report
    }

    /// Deletes what every rule set says now; returns what was deleted in the shape of ``plan()``.
    /// A source removed meanwhile is skipped.
    public func apply() async throws -> RetentionReport {
        let sources = try await archive.sources()
        var report = RetentionReport(applied: true, library: try await applyLibrary(sources: Set(sources.map(\.id))), sources: [])
        for source in sources where source.retention.isActive {
            do {
                report.sources.append(try await archive.applyRetention(source.id))
            } catch let error as SpoolError where error.code == .notFound {
                continue
            }
        }
        return report
    }

    /// What the library's rules delete now, oldest first.
    /// - Parameter sources: The ids of the sources there are (their jobs are not the library's).
    public func libraryPlan(sources: Set<Int64>) async throws -> RetentionReport.Scope {
        var scope = RetentionReport.Scope(sourceID: nil, name: "library", rules: library.rules)
        guard library.isActive else { return scope }
        let complete = try await jobs.store.jobs(in: [.complete])
        var media: [JobID: Media] = [:]
        if library.rules.maxTotalSizeMB != nil {
            let counted = complete.filter { LibraryRetention.isLibraryJob($0, sources: sources) && !LibraryRetention.isKept($0) }
            media = try await jobs.mediaRows(of: counted.map(\.id))
        }
        for (job, reason) in library.expired(complete, sources: sources, sizes: media.compactMapValues(\.filesize), now: jobs.clock.now) {
            if let deletion = try await jobs.deletion(of: job.id, reason: reason, media: media[job.id]) {
                scope.deletions.append(deletion)
            }
        }
        return scope
    }

    /// Deletes what the library's rules say now; each job's `job_removed` event keeps the reason.
    /// A deletion that fails is reported in ``RetentionReport/Scope/errors`` and tried again next time.
    public func applyLibrary(sources: Set<Int64>) async throws -> RetentionReport.Scope {
        let plan = try await libraryPlan(sources: sources)
        var done = RetentionReport.Scope(sourceID: nil, name: plan.name, rules: plan.rules)
        for deletion in plan.deletions {
            do {
                if let deleted = try await jobs.delete(deletion) { done.deletions.append(deleted) }
            } catch {
                done.errors.append("'\(deletion.name)': \((error as? SpoolError)?.message ?? "\(error)")")
            }
        }
        return done
    }
}
