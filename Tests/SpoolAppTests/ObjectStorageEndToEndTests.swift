import AsyncHTTPClient
import Foundation
import NIOCore
import SpoolCore
import SpoolS3
import SpoolTesting
import Testing
#if canImport(Glibc)
import Glibc
#endif

extension EndToEnd {
    /// Jobs with an S3 storage target against moto's S3 server on loopback.
    @Suite("Object storage")
    struct ObjectStorage {
        static let bucket = "videos"

        /// The `S3_*` settings of a target on `endpoint`.
        static func environment(endpoint: String, extra: [String: String] = [:]) -> [String: String] {
            [
                "S3_BUCKET": bucket, "S3_ENDPOINT": endpoint, "S3_ACCESS_KEY_ID": "spool-test", "S3_SECRET_ACCESS_KEY": "spool-secret",
                "S3_PREFIX": "spool/",
            ].merging(extra) { $1 }
        }

        /// A client of the bucket on moto, the bucket created.
        static func bucketClient(_ moto: MotoServerProcess) async throws -> S3Client {
            let client = try S3Client(configuration: .init(
                endpoint: moto.endpoint, bucket: bucket, credentials: S3Credentials(accessKeyID: "spool-test", secretAccessKey: "spool-secret")
            ))
            try await client.createBucket()
            return client
        }

        /// A GET that does not follow redirects: status, headers, body.
        static func fetch(_ url: String, headers: [(String, String)] = []) async throws -> (status: Int, location: String?, body: ByteBuffer) {
            let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: .init(redirectConfiguration: .disallow))
            do {
                var request = HTTPClientRequest(url: url)
                for (name, value) in headers { request.headers.add(name: name, value: value) }
                let response = try await client.execute(request, timeout: .seconds(30))
                let body = try await response.body.collect(upTo: 256 << 20)
                try await client.shutdown()
                return (Int(response.status.code), response.headers.first(name: "Location"), body)
            } catch {
                try? await client.shutdown()
                throw error
            }
        }

        @Test("a job with an S3 target ends with its object stored, sizes equal, the local copy gone; its links redirect to a presigned GET")
        func uploadAndDeliver() async throws {
            let media = try await TestMedia.generateVideo(seconds: 2)
            try await MotoServerProcess.withServer { moto in
                let bucket = try await Self.bucketClient(moto)
                try await withMediaServer(media.deletingLastPathComponent()) { files in
                    try await withSpool(environment: Self.environment(endpoint: moto.endpoint.absoluteString)) { server, client in
                        let targets = try await client.send("GET", "/api/storage")
                        #expect(targets.body["defaultTarget"]?.stringValue == "local")
                        #expect(targets.body["targets"]?.arrayValue?.last?["location"]?.stringValue == "s3://videos/spool/", "\(targets.raw)")

                        let unknown = try await client.send("POST", "/api/jobs", json: ["url": files.url(for: media.lastPathComponent), "storage": "nas"])
                        #expect(unknown.status == 400 && unknown.body["error"]?["code"]?.stringValue == "invalid_input")
                        #expect(unknown.body["error"]?["message"]?.stringValue?.contains("local, s3") == true, "\(unknown.raw)")

                        let id = try await client.addJob(["url": files.url(for: media.lastPathComponent), "outputContainer": "mp4", "storage": "s3"])
                        let job = try await client.waitForStatus(id, in: ["COMPLETE", "FAILED"])
                        #expect(job["status"]?.stringValue == "COMPLETE", "\(job)")
                        #expect(job["storage"]?.stringValue == "s3")
                        let output = try #require(job["outputPath"]?.stringValue)
                        #expect(output.hasPrefix("s3://videos/spool/generic/") && output.hasSuffix(".mp4"), "\(output)")
                        let stages = job["stages"]?.arrayValue?.compactMap { $0["name"]?.stringValue } ?? []
                        #expect(stages == ["download", "upload"])

                        let key = String(output.dropFirst("s3://videos/".count))
                        let info = try await bucket.headObject(key: key)
                        let details = try await client.send("GET", "/api/jobs/\(id)")
                        let localPath = try #require(details.body["media"]?["path"]?.stringValue)
                        let size = try #require(details.body["media"]?["filesize"]?.doubleValue)
                        #expect(Double(info.size) == size, "the object has the file's size")
                        #expect(!FileManager.default.fileExists(atPath: localPath), "the local copy is removed")
                        let messages = try await client.logMessages(id)
                        #expect(messages.contains { $0.hasPrefix("uploaded ") && $0.contains(output) && $0.hasSuffix("local copy removed") }, "\(messages)")

                        // The authenticated endpoint redirects to a presigned URL the bucket honours.
                        let redirect = try await Self.fetch(server.baseURL + "/api/jobs/\(id)/file?download=true", headers: [("Authorization", "Bearer \(client.token ?? "")")])
                        #expect(redirect.status == 302)
                        let location = try #require(redirect.location)
                        #expect(location.hasPrefix(moto.endpoint.absoluteString) && location.contains("X-Amz-Signature=") && location.contains("X-Amz-Expires=3600"))
                        let object = try await Self.fetch(location)
                        #expect(object.status == 200 && object.body.readableBytes == info.size)
                        let tooLong = try await client.send("GET", "/api/jobs/\(id)/file?expires=604801")
                        #expect(tooLong.status == 400 && tooLong.body["error"]?["code"]?.stringValue == "invalid_input")
                        #expect(tooLong.body["error"]?["message"]?.stringValue?.contains("7 days") == true)

                        // Spool's own signed link: checked by Spool, then redirected for the time it has left.
                        let link = try await client.send("GET", "/api/jobs/\(id)/file-link?expires=2")
                        let path = try #require(link.body["url"]?.stringValue)
                        #expect(link.body["size"]?.doubleValue == size)
                        let early = try await Self.fetch(server.baseURL + path)
                        #expect(early.status == 302)
                        #expect(early.location?.contains("X-Amz-Expires=") == true)
                        try await Task.sleep(for: .seconds(3))
                        let late = try await Self.fetch(server.baseURL + path)
                        #expect(late.status == 403, "an expired link is refused by Spool itself")

                        // Deleting the job with its files deletes the object.
                        let deleted = try await client.send("DELETE", "/api/jobs/\(id)?deleteFiles=true")
                        #expect(deleted.status == 204)
                        await #expect(throws: S3Error.self) { _ = try await bucket.headObject(key: key) }
                    }
                }
            }
        }

        @Test("kill -9 mid-upload of a 100 MiB file, then a restart: the upload resumes from its stored id without sending the stored parts again")
        func crashMidUpload() async throws {
            let media = try await TestMedia.generateBulkyVideo(megabytes: 100)
            let size = try #require(try FileManager.default.attributesOfItem(atPath: media.path)[.size] as? NSNumber).int64Value
            try await MotoServerProcess.withServer { moto in
                let bucket = try await Self.bucketClient(moto)
                // About eight seconds at 12 MiB/s towards the bucket.
                let proxy = try await ThrottleProxy.start(targetPort: moto.port, bytesPerSecond: 12 << 20)
                defer { proxy.stop() }
                try await withMediaServer(media.deletingLastPathComponent()) { files in
                    let environment = Self.environment(endpoint: proxy.endpoint, extra: [
                        "STORAGE_TARGET": "s3", "S3_PART_SIZE": "5MiB", "S3_UPLOAD_PARALLELISM": "2",
                    ])
                    let server = try SpoolProcess(environment: environment)
                    defer { Task { await server.destroy() } }
                    try await server.start()
                    var client = try await E2EClient.login(server)
                    let id = try await client.addJob(["url": files.url(for: media.lastPathComponent), "outputContainer": "mp4"])
                    let deadline = ContinuousClock.now + .seconds(120)
                    var seen: [String] = []
                    while true {
                        let job = try await client.job(id)
                        let status = job["status"]?.stringValue ?? "?"
                        let percent = job["progress"]?["percent"]?.doubleValue ?? 0
                        seen.append("\(status) \(Int(percent))%")
                        if status == "UPLOADING", percent >= 30 { break }
                        guard !["COMPLETE", "FAILED"].contains(status), ContinuousClock.now < deadline else {
                            Issue.record("the upload was not seen half way: \(seen.suffix(40)) \(proxy.bytesSent) bytes sent")
                            return
                        }
                        try await Task.sleep(for: .milliseconds(100))
                    }
                    let open = try await bucket.listMultipartUploads()
                    #expect(open.count == 1, "the upload is under way in parts")
                    await server.stop(signal: SIGKILL)
                    let sentBeforeCrash = proxy.bytesSent
                    #expect(sentBeforeCrash > size / 4 && sentBeforeCrash < size, "\(sentBeforeCrash) of \(size) bytes sent before the crash")

                    try await server.start()
                    client = try await E2EClient.login(server)
                    let job = try await client.waitForStatus(id, in: ["COMPLETE", "FAILED"], timeout: .seconds(180))
                    #expect(job["status"]?.stringValue == "COMPLETE", "\(job)")
                    let output = try #require(job["outputPath"]?.stringValue)
                    let info = try await bucket.headObject(key: String(output.dropFirst("s3://videos/".count)))
                    let details = try await client.send("GET", "/api/jobs/\(id)")
                    let stored = Int64(try #require(details.body["media"]?["filesize"]?.doubleValue))
                    #expect(info.size == stored, "the whole file, in one object")
                    let parts = Int((stored + (5 << 20) - 1) / (5 << 20))
                    #expect(parts >= 20 && info.etag.hasSuffix("-\(parts)"), "\(stored) bytes in parts of 5 MiB: \(info.etag)")
                    // Parts in flight at the crash go again (two at most); every stored one is kept.
                    let total = proxy.bytesSent
                    #expect(total < size + 3 * (5 << 20), "\(total) bytes sent in all for a \(size)-byte file")
                    let messages = try await client.logMessages(id)
                    #expect(messages.contains { $0.contains("in \(parts) parts (") && $0.contains("kept from an earlier attempt") }, "\(messages)")
                    #expect(try await bucket.listMultipartUploads().isEmpty, "no upload is left open")
                    await server.destroy()
                }
            }
        }

        @Test("retention with objects in the bucket: the dry run lists exactly the objects the real run deletes")
        func retentionInTheBucket() async throws {
            let folder = try await RetentionFlow.videos()
            defer { try? FileManager.default.removeItem(at: folder) }
            try await MotoServerProcess.withServer { moto in
                let bucket = try await Self.bucketClient(moto)
                try await withMediaServer(folder) { files in
                    let environment = Self.environment(endpoint: moto.endpoint.absoluteString, extra: [
                        "STORAGE_TARGET": "s3", "RETENTION_KEEP_NEWEST": "1", "MAINTENANCE_INTERVAL": "0",
                    ])
                    try await withSpool(environment: environment) { _, client in
                        let older = try await RetentionFlow.download("first", files: files, client: client)
                        let newer = try await RetentionFlow.download("second", files: files, client: client)
                        #expect(older.path.hasPrefix("s3://videos/") && newer.path.hasPrefix("s3://videos/"))
                        let keys = { try await bucket.listAllObjects(prefix: "spool/").map(\.key).sorted() }
                        let before = try await keys()
                        #expect(before.count == 2, "\(before)")

                        let plan = try await client.send("GET", "/api/retention")
                        let items = plan.body["library"]?["items"]?.arrayValue ?? []
                        let listed = items.flatMap { $0["paths"]?.arrayValue?.compactMap(\.stringValue) ?? [] }
                        #expect(items.compactMap { $0["jobId"]?.stringValue } == [older.id], "\(plan.raw)")
                        #expect(listed.contains(older.path))
                        #expect(try await keys() == before, "the dry run deletes nothing")

                        let applied = try await client.send("POST", "/api/retention")
                        #expect(applied.body["library"]?["items"]?.arrayValue == items, "the real run deletes what the dry run listed")
                        let after = try await keys()
                        let deleted = Set(before).subtracting(after).map { "s3://videos/" + $0 }
                        #expect(deleted == listed.filter { $0.hasPrefix("s3://") }, "exactly the listed objects are gone")
                        #expect(after == [String(newer.path.dropFirst("s3://videos/".count))])
                    }
                }
            }
        }
    }
}
