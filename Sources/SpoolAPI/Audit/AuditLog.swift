import Logging
import SpoolCore

/// Writes audit entries for the API; a failure to write is logged, never passed to the caller
/// (the audited action has already happened).
struct AuditLog: Sendable {
    /// The store; nil records nothing.
    let store: (any AuditStore)?
    let logger: Logger

    /// Stores the entry.
    func record(_ entry: AuditEntry) async {
        guard let store else { return }
        do {
            _ = try await store.append(entry)
        } catch {
            logger.error("could not record an audit entry", metadata: ["audit.action": .string(entry.action), "error.message": "\(error)"])
        }
    }
}
