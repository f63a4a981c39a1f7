import Foundation
import NIOHTTP1
import SpoolAPIModels
import SpoolCore

extension SpoolClient {
    /// `POST /api/jobs`: adds a job.
    ///
    /// - Returns: The new job (state `QUEUED`).
    /// - Throws: ``ClientError`` — usage for invalid options, server (507) when the disk is nearly full.
    public func createJob(_ request: CreateJobRequest) async throws -> JobDTO {
        try await send(.POST, "/api/jobs", json: ClientJSON.encode(request), as: JobResponse.self).job
    }

    /// `GET /api/jobs`: one page of jobs.
    public func listJobs(_ query: JobListQuery = JobListQuery()) async throws -> JobListResponse {
        try await send(.GET, "/api/jobs", query: query.queryItems, as: JobListResponse.self)
    }

    /// `GET /api/jobs/:id`: a job with its media and latest durable events.
    ///
    /// - Parameter id: Full job id (see ``resolveJobIDs(_:)`` for prefixes).
    public func job(_ id: String) async throws -> JobDetailResponse {
        try await send(.GET, Self.jobPath(id), as: JobDetailResponse.self)
    }

    /// `POST /api/jobs/:id/<action>`: pause, resume, start now, cancel or retry.
    ///
    /// - Returns: The job after the action.
    /// - Throws: ``ClientError`` — general with code `illegal_transition` when the job's state forbids it.
    public func perform(_ action: JobAction, on id: String) async throws -> JobDTO {
        try await send(.POST, Self.jobPath(id) + "/" + action.rawValue, as: JobResponse.self).job
    }

    /// `POST /api/jobs/:id/move`: moves a queued job within its queue.
    public func move(_ id: String, to target: QueueMove) async throws -> JobDTO {
        let body = try ClientJSON.encode(MoveJobRequest(to: target))
        return try await send(.POST, Self.jobPath(id) + "/move", json: body, as: JobResponse.self).job
    }

    /// `DELETE /api/jobs/:id`: removes a job, and its files when `deleteFiles` is set.
    public func deleteJob(_ id: String, deleteFiles: Bool = false) async throws {
        _ = try await send(.DELETE, Self.jobPath(id), query: [("deleteFiles", deleteFiles ? "true" : "false")])
    }

    /// `GET /api/jobs/:id/logs`: a page of a job's durable events.
    public func logs(_ id: String, query: LogQuery = LogQuery()) async throws -> EventListResponse {
        try await send(.GET, Self.jobPath(id) + "/logs", query: query.queryItems, as: EventListResponse.self)
    }

    /// `GET /api/queue`: queue counters, jobs per state and free disk space.
    public func queueOverview() async throws -> QueueOverviewResponse {
        try await send(.GET, "/api/queue", as: QueueOverviewResponse.self)
    }

    /// `GET /healthz`: the health report, as JSON text (a 503 "degraded" answer is returned, not thrown).
    public func health() async throws -> (healthy: Bool, json: Data) {
        let reply = try await send(.GET, "/healthz", authenticated: false, accepting: [503])
        return (reply.status == 200, reply.body)
    }

    /// Any `GET` under the server, returning the raw JSON body (for `--json` output).
    ///
    /// - Parameters:
    ///   - path: Path starting with `/`.
    ///   - query: Query items.
    public func rawJSON(_ path: String, query: [(String, String)] = []) async throws -> Data {
        try await send(.GET, path, query: query).body
    }

    /// The path of a job resource.
    static func jobPath(_ id: String) -> String { "/api/jobs/" + encode(id) }
}

extension SpoolClient {
    /// Turns full ids or unique id prefixes (as `spool ls` shows them) into full job ids.
    ///
    /// Full ids are used as given; each prefix is looked up with one `?idPrefix=` list request.
    /// - Parameter inputs: Ids or prefixes, in the order the user gave them.
    /// - Returns: Full ids in the same order, duplicates removed.
    /// - Throws: ``ClientError`` — usage for text that cannot be an id or a prefix shared by several
    ///   jobs, not found for a prefix no job has.
    public func resolveJobIDs(_ inputs: [String]) async throws -> [String] {
        var prefixes: [String] = []
        for input in inputs {
            let text = input.trimmingCharacters(in: .whitespaces).lowercased()
            guard !text.isEmpty, text.allSatisfy({ $0.isHexDigit || $0 == "-" }) else {
                throw ClientError(.usage, "'\(input)' is not a job id (expected hex digits, as `spool ls` shows)")
            }
            prefixes.append(text)
        }
        let partial = Set(prefixes.filter { !JobID($0).isWellFormed })
        var matches: [String: [String]] = [:]
        for prefix in partial {
            // The server filters by id prefix; six matches are enough to call a prefix ambiguous.
            let page = try await listJobs(JobListQuery(idPrefix: prefix, limit: 6, sort: "created", order: "asc"))
            matches[prefix] = page.jobs.map(\.id.rawValue).filter { $0.hasPrefix(prefix) }
        }
        var result: [String] = []
        for prefix in prefixes {
            let id: String
            if !partial.contains(prefix) {
                id = prefix
            } else {
                let found = matches[prefix] ?? []
                guard !found.isEmpty else { throw ClientError.noSuchJob(prefix) }
                guard found.count == 1 else {
                    let shown = found.prefix(5).map { String($0.prefix(12)) }.joined(separator: ", ")
                    throw ClientError(.usage, "'\(prefix)' matches \(found.count) jobs (\(shown)\(found.count > 5 ? ", …" : "")); give more digits")
                }
                id = found[0]
            }
            if !result.contains(id) { result.append(id) }
        }
        return result
    }

    /// Resolves one id or prefix (see ``resolveJobIDs(_:)``).
    public func resolveJobID(_ input: String) async throws -> String {
        try await resolveJobIDs([input])[0]
    }
}
