import SpoolCore
import Synchronization

/// A ``MediaDownloader`` that runs a script per call (the first call is attempt 1).
final class FakeDownloader: MediaDownloader {
    typealias Script = @Sendable (
        _ attempt: Int, _ request: MediaDownloadRequest, _ onEvent: @escaping @Sendable (MediaDownloadEvent) async -> Void
    ) async throws -> MediaDownloadResult

    private let script: Script
    private let calls = Mutex<[MediaDownloadRequest]>([])

    init(_ script: @escaping Script) {
        self.script = script
    }

    /// The requests received, in order.
    var requests: [MediaDownloadRequest] { calls.withLock { $0 } }

    func download(_ request: MediaDownloadRequest, onEvent: @escaping @Sendable (MediaDownloadEvent) async -> Void) async throws -> MediaDownloadResult {
        let attempt = calls.withLock { calls in
            calls.append(request)
            return calls.count
        }
        return try await script(attempt, request, onEvent)
    }

    /// Reports progress, writes `name` (and `extraFiles`) into the work folder and finishes with the site's metadata.
    static func succeeding(storage: FakeStorage, name: String = "Talk [x].mkv", extraFiles: [String] = []) -> Script {
        { _, request, onEvent in
            await onEvent(.progress(TransferProgress(percent: 50, downloadedBytes: 5, totalBytes: 10, speed: 100, eta: 1)))
            await onEvent(.log("[Merger] Merging formats"))
            for file in [name] + extraFiles { storage.add(request.workDirectory + "/" + file, "video of \(request.url)") }
            return MediaDownloadResult(
                filePath: request.workDirectory + "/" + name,
                metadata: SourceMetadata(title: "Talk", uploader: "Ann", duration: 10, extractor: "generic", webpageURL: "https://example.com/page")
            )
        }
    }

    /// Writes a partial file, reports progress once, then waits until the task is cancelled.
    static func blocking(storage: FakeStorage) -> Script {
        { _, request, onEvent in
            storage.add(request.workDirectory + "/Talk [x].mkv.part", "half")
            await onEvent(.progress(TransferProgress(percent: 10, downloadedBytes: 1, totalBytes: 10)))
            try await Task.sleep(for: .seconds(3600))
            throw SpoolError(.internalError, "not reached")
        }
    }

    /// Reports nothing and waits until the task is cancelled (a stalled download).
    static let stalling: Script = { _, _, _ in
        try await Task.sleep(for: .seconds(3600))
        throw SpoolError(.internalError, "not reached")
    }
}
