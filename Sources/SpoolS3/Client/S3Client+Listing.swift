extension S3Client {
    /// One page of the objects whose keys start with `prefix` (`ListObjectsV2`).
    ///
    /// - Parameters:
    ///   - prefix: Only keys starting with this.
    ///   - continuationToken: The previous page's ``S3ObjectList/nextContinuationToken``.
    ///   - maxKeys: At most this many objects (S3 caps a page at 1,000).
    public func listObjectsV2(prefix: String? = nil, continuationToken: String? = nil, maxKeys: Int? = nil) async throws -> S3ObjectList {
        var query: [(name: String, value: String)] = [("list-type", "2")]
        if let prefix { query.append(("prefix", prefix)) }
        if let continuationToken { query.append(("continuation-token", continuationToken)) }
        if let maxKeys { query.append(("max-keys", String(maxKeys))) }
        let response = try await send(.GET, key: nil, query: query)
        let root = try S3XMLElement.parse(response.body)
        let objects = root.children("Contents").map { entry in
            S3ObjectSummary(
                key: entry.text(of: "Key") ?? "", size: Int64(entry.text(of: "Size") ?? "") ?? 0,
                etag: S3ETag.unquoted(entry.text(of: "ETag") ?? ""),
                lastModified: entry.text(of: "LastModified").flatMap(S3Dates.iso8601)
            )
        }
        let truncated = root.text(of: "IsTruncated") == "true"
        let token = root.text(of: "NextContinuationToken").flatMap { $0.isEmpty ? nil : $0 }
        return S3ObjectList(objects: objects, isTruncated: truncated && token != nil, nextContinuationToken: token)
    }

    /// Every object whose key starts with `prefix`, following continuation tokens.
    public func listAllObjects(prefix: String? = nil) async throws -> [S3ObjectSummary] {
        var objects: [S3ObjectSummary] = []
        var token: String?
        repeat {
            let page = try await listObjectsV2(prefix: prefix, continuationToken: token)
            objects += page.objects
            token = page.isTruncated ? page.nextContinuationToken : nil
        } while token != nil
        return objects
    }
}
