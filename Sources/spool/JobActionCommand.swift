import ArgumentParser
import SpoolApp

/// The shared body of `pause`, `resume`, `start`, `cancel` and `retry`.
enum JobActionCommand {
    /// Resolves the ids, applies the action to each and prints one line per job.
    static func run(_ action: JobAction, ids: [String], connection: ConnectionOptions) async throws {
        try await connection.withClient { client in
            let resolved = try await client.resolveJobIDs(ids)
            try await CommandOutput.forEach(resolved) { id in
                do {
                    let job = try await client.perform(action, on: id)
                    CommandOutput.print(["\(HumanFormat.shortID(job.id))  \(action.pastTense)  \(job.status.rawValue)  \(job.displayName)"])
                } catch var error as ClientError where error.code == "illegal_transition" {
                    error.message = "\(HumanFormat.shortID(id)): cannot \(action.rawValue): \(error.message)"
                    throw error
                }
            }
        }
    }
}
