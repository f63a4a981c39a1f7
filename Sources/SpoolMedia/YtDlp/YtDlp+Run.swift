import Foundation
import SpoolCore
import Subprocess

extension YtDlp {
    /// Runs `yt-dlp arguments…` as its own process group and pumps its output into `session`.
    static func runPlain(
        executable: String,
        arguments: [String],
        workDirectory: String,
        killGrace: Duration,
        registry: ProcessRegistry,
        session: YtDlpSession
    ) async throws -> TerminationStatus {
        // A cancelled task starts nothing (Subprocess would spawn yt-dlp only to stop it again).
        try Task.checkCancellation()
        do {
            let result = try await Subprocess.run(
                ChildProcess.executable(executable),
                arguments: Arguments(arguments),
                environment: ChildProcess.pythonEnvironment,
                workingDirectory: .init(workDirectory),
                platformOptions: ChildProcess.platformOptions(killGrace: killGrace),
                input: .none,
                output: .sequence,
                error: .sequence
            ) { execution in
                let processID = execution.processIdentifier.value
                registry.insert(processID)
                defer { registry.remove(processID) }
                try await session.pump(standardOutput: execution.standardOutput, standardError: execution.standardError)
                return processID
            }
            if ChildProcess.needsSweep(result.terminationStatus) {
                ChildProcess.sweep(group: result.closureResult)
            }
            return result.terminationStatus
        } catch let error as SubprocessError where error.code == .executableNotFound || error.code == .spawnFailed {
            throw MediaError.toolMissing("yt-dlp", detail: "\(error)")
        } catch let error as SubprocessError {
            try Task.checkCancellation()
            throw MediaError(code: .toolFailed, message: "lost contact with yt-dlp: \(error)", tool: "yt-dlp")
        }
    }

    /// The result of a finished run, or the error that explains it.
    static func result(of status: TerminationStatus, session: YtDlpSession, request: YtDlpRequest) throws -> YtDlpResult {
        let summary = session.snapshot
        if status.isSuccess, let filePath = summary.filePath {
            let normalized = OutputTemplateGuard.normalize(filePath)
            guard OutputTemplateGuard.isContained(normalized, in: request.workDirectory) else {
                throw MediaError(
                    code: .outputEscapesLibrary, message: "yt-dlp wrote outside the job's work folder",
                    tool: "yt-dlp", stderrTail: summary.standardError.tail.text, exitCode: 0
                )
            }
            let infoPath = summary.infoJSONPath.map(OutputTemplateGuard.normalize)
            let info = infoPath.flatMap { try? YtDlpInfo(contentsOf: $0) }
            return YtDlpResult(filePath: normalized, info: info, infoJSONPath: info == nil ? nil : infoPath)
        }
        try Task.checkCancellation()
        throw failure(status: status, standardError: summary.standardError)
    }

    /// Maps an unsuccessful end to a ``MediaError``: a known cause gets its own code
    /// (``DownloadFailureClassifier``: `media_not_found`, `invalid_format`, `insufficient_storage`…),
    /// any other failed run `download_failed`, a misuse or crash `tool_failed`.
    static func failure(status: TerminationStatus, standardError: YtDlpStderr) -> MediaError {
        var code: SpoolError.Code
        var message: String
        switch status {
        case .exited(0):
            code = .toolFailed
            message = "yt-dlp finished without reporting a downloaded file"
        case .exited(1) where standardError.errorLine != nil || standardError.exceptionLine != nil:
            code = .downloadFailed
            message = cleaned(standardError.message ?? "")
        case .exited(let exitCode):
            code = .toolFailed
            message = standardError.message ?? "yt-dlp exited with status \(exitCode)"
        case .signaled(let signal):
            code = .toolFailed
            message = "yt-dlp was killed by signal \(signal)"
        }
        if status != .exited(0), let known = DownloadFailureClassifier.code(for: message) {
            code = known
        }
        return MediaError(
            code: code, message: message, tool: "yt-dlp", stderrTail: standardError.tail.text,
            exitCode: status.exitCode, signal: status.signalNumber
        )
    }

    /// yt-dlp's line without the ` (caused by <HTTPError 404: Not Found>)` that repeats its cause.
    static func cleaned(_ line: String) -> String {
        guard let range = line.range(of: " (caused by ", options: .backwards), line.hasSuffix(")") else { return line }
        return String(line[..<range.lowerBound])
    }
}
