extension Job {
    /// Every file the job keeps in storage, each once and in the order they are deleted: its output,
    /// the media row's path, then the side files and the kept original beside it. Paths are opaque
    /// strings (local paths or object keys such as `s3://bucket/key`), as the stages stored them.
    ///
    /// ``JobService/delete(_:deleteFiles:reason:)`` removes exactly these, and the retention's dry
    /// run lists them, so what a dry run shows is what a real run deletes.
    public func storedFiles(media: Media?) -> [String] {
        let kept = artifacts.filter { $0.kind == .sideFile || $0.kind == .original }.map(\.path)
        var paths: [String] = []
        for path in [outputPath, media?.path].compactMap({ $0 }) + kept where !path.isEmpty && !paths.contains(path) {
            paths.append(path)
        }
        return paths
    }
}
