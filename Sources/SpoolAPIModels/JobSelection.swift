import SpoolCore

/// Which jobs a live-event subscription covers: `"all"` or a list of job ids.
public enum JobSelection: Sendable, Hashable, Codable {
    /// Every job, and events without a job.
    case all
    /// Only these jobs.
    case jobs(Set<JobID>)

    /// Decodes `"all"` or `["<id>", …]`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let text = try? container.decode(String.self) {
            guard text == "all" else {
                throw SpoolError(.invalidInput, "jobIds must be \"all\" or a list of job ids")
            }
            self = .all
        } else {
            self = .jobs(Set(try container.decode([JobID].self)))
        }
    }

    /// Encodes `"all"` or the sorted list of ids.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .all: try container.encode("all")
        case .jobs(let ids): try container.encode(ids.sorted())
        }
    }

    /// The ids to filter on; nil for all jobs.
    public var jobIDs: Set<JobID>? {
        if case .jobs(let ids) = self { return ids }
        return nil
    }

    /// Whether an event belongs to the selection.
    public func matches(_ event: JobEvent) -> Bool {
        switch self {
        case .all: true
        case .jobs(let ids): event.jobId.map(ids.contains) ?? false
        }
    }

    /// The union of two selections.
    public func adding(_ other: JobSelection) -> JobSelection {
        switch (self, other) {
        case (.jobs(let mine), .jobs(let theirs)): .jobs(mine.union(theirs))
        default: .all
        }
    }

    /// The selection without some jobs (`all` stays `all`).
    public func removing(_ ids: Set<JobID>) -> JobSelection {
        switch self {
        case .all: .all
        case .jobs(let mine): .jobs(mine.subtracting(ids))
        }
    }
}
