import Foundation

/// Waiting for the file system to catch up with an event the server already published.
enum FileWait {
    /// Whether `path` is gone, waiting up to `limit` for it to go: a job's work folder is removed
    /// just after its COMPLETE event is published.
    static func isGone(_ path: String, limit: Duration = .seconds(15)) async -> Bool {
        let deadline = ContinuousClock.now + limit
        while FileManager.default.fileExists(atPath: path) {
            if ContinuousClock.now >= deadline { return false }
            try? await Task.sleep(for: .milliseconds(50))
        }
        return true
    }
}
