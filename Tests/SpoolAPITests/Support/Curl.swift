import Foundation
import SpoolTesting

/// Runs the real `curl` and reads the status line it prints (`-w`), without blocking a thread of
/// the cooperative pool (the server under test runs on it).
enum Curl {
    /// What curl got.
    struct Result: Sendable {
        /// The HTTP status (0 when no answer came).
        let status: Int
        /// Response headers and body as printed (`-i`).
        let text: String
        /// curl's exit status.
        let exitStatus: Int32

        /// A response header's value (case-insensitive name), from the last header block.
        func header(_ name: String) -> String? {
            let head = text.components(separatedBy: "\r\n\r\n").dropLast().last ?? ""
            for line in head.split(separator: "\r\n") {
                let parts = line.split(separator: ":", maxSplits: 1)
                if parts.count == 2, parts[0].lowercased() == name.lowercased() { return parts[1].trimmingCharacters(in: .whitespaces) }
            }
            return nil
        }
    }

    /// `curl -s -i <arguments>`; the status is printed last by `-w`.
    static func run(_ arguments: [String]) async throws -> Result {
        let run = try await ChildRun.run("/usr/bin/curl", ["-s", "-i", "--max-time", "60", "-w", "\n%{http_code}"] + arguments)
        let status = Int(run.stdout.split(separator: "\n").last ?? "") ?? 0
        return Result(status: status, text: run.stdout, exitStatus: run.status)
    }
}
