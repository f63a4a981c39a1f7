import Foundation
import SpoolCore
import SpoolTesting
import Testing

extension EndToEnd {
    @Suite("Notifications")
    struct Notifications {
        /// A done-script that writes its environment's TR_* and SPOOL_* variables to `output`.
        static func envScript(writing output: URL, exitCode: Int = 0) throws -> URL {
            let script = output.deletingLastPathComponent().appendingPathComponent("done-\(UUID().uuidString.prefix(6)).sh")
            try """
            #!/bin/sh
            env | grep -E '^(TR_|SPOOL_)' | sort > '\(output.path)'
            echo "script says bye" >&2
            exit \(exitCode)
            """.write(to: script, atomically: true, encoding: .utf8)
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: script.path)
            return script
        }

        /// Waits until `condition` holds (up to 60 s).
        func eventually(_ what: String, _ condition: () async -> Bool) async throws {
            let deadline = ContinuousClock.now + .seconds(60)
            while ContinuousClock.now < deadline {
                if await condition() { return }
                try await Task.sleep(for: .milliseconds(100))
            }
            throw E2EError("timed out waiting until \(what)")
        }

        static func variables(in file: URL) -> [String: String] {
            let text = (try? String(contentsOf: file, encoding: .utf8)) ?? ""
            return Dictionary(text.split(separator: "\n").compactMap { line -> (String, String)? in
                guard let equals = line.firstIndex(of: "=") else { return nil }
                return (String(line[..<equals]), String(line[line.index(after: equals)...]))
            }, uniquingKeysWith: { $1 })
        }

        @Test("a real download sends signed job.added, job.started and job.completed; the done-script and Apprise run; send test works")
        func downloadNotifies() async throws {
            let receiver = try await WebhookReceiver.start(paths: ["/ok": [204]])
            defer { receiver.stop() }
            let work = FileManager.default.temporaryDirectory.appendingPathComponent("spool-notify-\(UUID().uuidString.prefix(8))")
            try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: work) }
            let envFile = work.appendingPathComponent("env.txt")
            let script = try Self.envScript(writing: envFile)
            let media = try await TestMedia.generateVideo(seconds: 2)
            try await withMediaServer(media.deletingLastPathComponent()) { files in
                try await withSpool(environment: [
                    "DONE_SCRIPT": script.path,
                    "APPRISE_URLS": "json://127.0.0.1:\(receiver.port)/apprise",
                    "APPRISE_EVENTS": "job.completed",
                ]) { server, client in
                    let created = try await client.send("POST", "/api/webhooks", json: [
                        "url": receiver.url("/ok"), "secret": receiver.secret, "events": ["job.added", "job.started", "job.completed"],
                        "description": "e2e",
                    ])
                    #expect(created.status == 201, "\(created.raw)")
                    #expect(created.body["secret"]?.stringValue == receiver.secret)
                    let hook = try #require(created.body["webhook"]?["id"]?.stringValue)
                    // A generated secret is shown on creation only.
                    let generated = try await client.send("POST", "/api/webhooks", json: ["url": receiver.url("/other"), "events": ["job.failed"]])
                    #expect(generated.body["secret"]?.stringValue?.hasPrefix("whsec_") == true)
                    let listed = try await client.send("GET", "/api/webhooks")
                    #expect(listed.body["webhooks"]?.arrayValue?.count == 2)
                    #expect(!listed.raw.contains("whsec_"), "secrets are never listed")

                    let id = try await client.addJob(["url": files.url(for: media.lastPathComponent), "tags": ["e2e", "hooks"]])
                    _ = try await client.waitForStatus(id, in: ["COMPLETE"])
                    let requests = try await receiver.wait("job.completed and the Apprise message") { requests in
                        requests.contains { $0.webhookType == "job.completed" } && requests.contains { $0["path"]?.stringValue == "/apprise" }
                    }
                    let signed = requests.filter { $0["path"]?.stringValue == "/ok" }
                    // Standard Webhooks promises no order (deliveries run in parallel): one of each.
                    #expect(signed.compactMap(\.webhookType).sorted() == ["job.added", "job.completed", "job.started"])
                    for request in signed {
                        #expect(request["verified"] == .bool(true), "\(request)")
                        #expect(request["content-type"]?.stringValue == "application/json")
                        #expect(request["body"]?["data"]?["id"]?.stringValue == id)
                    }
                    #expect(Set(signed.compactMap { $0["webhook-id"]?.stringValue }).count == 3, "one webhook-id per delivery")
                    let completed = try #require(signed.last)
                    #expect(completed["body"]?["data"]?["state"]?.stringValue == "COMPLETE")
                    #expect(completed["body"]?["data"]?["tags"] == .array([.string("e2e"), .string("hooks")]))
                    #expect(completed["body"]?["data"]?["file"]?.stringValue?.hasSuffix(".mkv") == true || completed["body"]?["data"]?["file"]?.stringValue != nil)

                    // Apprise's json:// message.
                    let apprise = try #require(requests.first { $0["path"]?.stringValue == "/apprise" })
                    #expect(apprise["body"]?["title"]?.stringValue?.contains("job completed") == true, "\(apprise)")
                    #expect(apprise["verified"] == .null)

                    // The done-script saw Transmission's variables and Spool's own.
                    let job = try await client.job(id)
                    try await eventually("the done-script ran") { FileManager.default.fileExists(atPath: envFile.path) && !Self.variables(in: envFile).isEmpty }
                    let variables = Self.variables(in: envFile)
                    #expect(variables["SPOOL_JOB_ID"] == id)
                    #expect(variables["SPOOL_STATUS"] == "COMPLETE")
                    #expect(variables["SPOOL_URL"] == files.url(for: media.lastPathComponent))
                    #expect(variables["SPOOL_FILE"] == job["outputPath"]?.stringValue)
                    #expect(variables["TR_TORRENT_DIR"] == job["outputPath"]?.stringValue.map { ($0 as NSString).deletingLastPathComponent })
                    #expect(variables["TR_TORRENT_HASH"] == JobID(id).torrentHash)
                    #expect(variables["TR_TORRENT_LABELS"] == "e2e,hooks")
                    #expect(variables["TR_TORRENT_PRIORITY"] == "0")
                    #expect(variables["TR_TORRENT_NAME"]?.isEmpty == false)
                    #expect(Int(variables["TR_TORRENT_BYTES_DOWNLOADED"] ?? "") ?? 0 > 1_000)
                    #expect(variables["TR_APP_VERSION"]?.isEmpty == false)
                    #expect(variables["TR_TIME_LOCALTIME"]?.isEmpty == false)
                    #expect(variables.keys.contains("TR_TORRENT_TRACKERS"))
                    #expect(variables["TR_TORRENT_ID"] == job["number"]?.intValue.map(String.init), "the job's number")

                    // The delivery log and the last status.
                    let shown = try await client.send("GET", "/api/webhooks/\(hook)")
                    #expect(shown.body["lastDelivery"]?["state"]?.stringValue == "delivered")
                    #expect(shown.body["lastDelivery"]?["lastStatus"]?.intValue == 204)
                    let log = try await client.send("GET", "/api/webhooks/\(hook)/deliveries")
                    #expect(log.body["deliveries"]?.arrayValue?.compactMap { $0["type"]?.stringValue } == ["job.completed", "job.started", "job.added"])

                    // Send test: one signed `test` message now, its status in the answer.
                    let test = try await client.send("POST", "/api/webhooks/\(hook)/test")
                    #expect(test.status == 200, "\(test.raw)")
                    #expect(test.body["state"]?.stringValue == "delivered")
                    #expect(test.body["lastStatus"]?.intValue == 204)
                    let tested = try await receiver.wait("the test message") { $0.contains { $0.webhookType == "test" } }
                    #expect(tested.first { $0.webhookType == "test" }?["verified"] == .bool(true))
                    #expect(tested.first { $0.webhookType == "test" }?["webhook-id"]?.stringValue == test.body["id"]?.stringValue)
                    _ = server
                }
            }
        }

        @Test("a failing endpoint gets the same webhook-id until it answers, 410 disables, a failing script leaves the job COMPLETE")
        func retriesAndGone() async throws {
            let receiver = try await WebhookReceiver.start(paths: ["/flaky": [500, 500, 200], "/gone": [410]])
            defer { receiver.stop() }
            let work = FileManager.default.temporaryDirectory.appendingPathComponent("spool-notify-\(UUID().uuidString.prefix(8))")
            try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: work) }
            let script = try Self.envScript(writing: work.appendingPathComponent("env.txt"), exitCode: 3)
            let media = try await TestMedia.generateVideo(seconds: 2)
            try await withMediaServer(media.deletingLastPathComponent()) { files in
                try await withSpool(environment: ["WEBHOOK_RETRY_DELAYS": "500ms,500ms,500ms", "DONE_SCRIPT": script.path]) { _, client in
                    let flaky = try await client.send("POST", "/api/webhooks", json: ["url": receiver.url("/flaky"), "secret": receiver.secret, "events": ["job.completed"]])
                    let gone = try await client.send("POST", "/api/webhooks", json: ["url": receiver.url("/gone"), "secret": receiver.secret, "events": ["job.completed"]])
                    let flakyID = try #require(flaky.body["webhook"]?["id"]?.stringValue)
                    let goneID = try #require(gone.body["webhook"]?["id"]?.stringValue)
                    let id = try await client.addJob(["url": files.url(for: media.lastPathComponent)])
                    _ = try await client.waitForStatus(id, in: ["COMPLETE"])
                    let requests = try await receiver.wait("three attempts at /flaky and one at /gone") { requests in
                        requests.filter { $0["path"]?.stringValue == "/flaky" }.count >= 3 && requests.contains { $0["path"]?.stringValue == "/gone" }
                    }
                    let attempts = requests.filter { $0["path"]?.stringValue == "/flaky" }
                    #expect(attempts.count == 3)
                    #expect(Set(attempts.compactMap { $0["webhook-id"]?.stringValue }).count == 1, "the same webhook-id on every attempt")
                    #expect(attempts.allSatisfy { $0["verified"] == .bool(true) })
                    #expect(attempts.map { $0["status"]?.intValue } == [500, 500, 200])

                    try await eventually("the flaky delivery is logged as delivered") {
                        let log = try? await client.send("GET", "/api/webhooks/\(flakyID)/deliveries")
                        return log?.body["deliveries"]?.arrayValue?.first?["state"]?.stringValue == "delivered"
                    }
                    let log = try await client.send("GET", "/api/webhooks/\(flakyID)/deliveries")
                    let delivery = try #require(log.body["deliveries"]?.arrayValue?.first)
                    #expect(delivery["attempts"]?.intValue == 3)
                    #expect(delivery["lastStatus"]?.intValue == 200)

                    try await eventually("the 410 disables the webhook") {
                        (try? await client.send("GET", "/api/webhooks/\(goneID)"))?.body["enabled"] == .bool(false)
                    }
                    let disabled = try await client.send("GET", "/api/webhooks/\(goneID)")
                    #expect(disabled.body["disabledReason"]?.stringValue?.contains("410") == true)

                    // The done-script exited 3: logged on the job, which stays COMPLETE.
                    try await eventually("the script failure is in the job's log") {
                        (try? await client.logMessages(id))?.contains { $0.contains("failed (the job is not affected)") } == true
                    }
                    #expect(try await client.job(id)["status"]?.stringValue == "COMPLETE")

                    // Re-enabling through PATCH clears the reason; only admins may change webhooks.
                    let enabled = try await client.send("PATCH", "/api/webhooks/\(goneID)", json: ["enabled": true])
                    #expect(enabled.body["enabled"] == .bool(true))
                    #expect(enabled.body["disabledReason"] == .null)
                    #expect(try await client.send("DELETE", "/api/webhooks/\(goneID)").status == 204)
                    #expect(try await client.send("GET", "/api/webhooks/\(goneID)").status == 404)
                    let refused = try await client.send("POST", "/api/webhooks", json: ["url": "http://169.254.169.254/latest/meta-data"])
                    #expect(refused.status == 400)
                    #expect(refused.body["error"]?["code"]?.stringValue == "invalid_url")
                }
            }
        }

        @Test("a source check sends one source.new_media digest; a job's notificationWebhook gets that job's events only")
        func digestAndJobWebhook() async throws {
            let receiver = try await WebhookReceiver.start(paths: [:])
            defer { receiver.stop() }
            try await withFeed { files, clips in
                let feed = files.publishRSS(items: TestFeed.items(1...3, media: clips.map(files.url(for:))))
                try await withSpool(environment: ["SITE_DOWNLOAD_SLEEP": "0"]) { _, client in
                    for (path, sources) in [("/digest", nil), ("/elsewhere", [999] as [Int]?)] {
                        var fields: [String: Any] = ["url": receiver.url(path), "secret": receiver.secret, "events": ["source.new_media"]]
                        if let sources { fields["sourceIds"] = sources }
                        #expect(try await client.send("POST", "/api/webhooks", json: fields).status == 201)
                    }
                    let source = try await client.addSource(["url": feed, "name": "Feed", "backlog": "newest:2"])
                    let digests = try await receiver.wait("the digest") { $0.contains { $0.webhookType == "source.new_media" } }
                    let digest = try #require(digests.first { $0.webhookType == "source.new_media" })
                    #expect(digest["path"]?.stringValue == "/digest")
                    #expect(digest["verified"] == .bool(true))
                    #expect(digest["body"]?["data"]?["sourceId"]?.intValue == source)
                    #expect(digest["body"]?["data"]?["sourceName"]?.stringValue == "Feed")
                    #expect(digest["body"]?["data"]?["count"]?.intValue == 2)
                    #expect(digest["body"]?["data"]?["titles"]?.arrayValue?.count == 2)
                    _ = try await client.waitForSource(source) { $0["progress"]?["done"]?.intValue == 2 }

                    // seed 003's notification_webhook: a subscription for that job alone.
                    let bad = try await client.send("POST", "/api/jobs", json: ["url": files.url(for: clips[0]), "notificationWebhook": "http://169.254.169.254/x"])
                    #expect(bad.status == 400)
                    let mine = try await client.addJob(["url": files.url(for: clips[0]), "notificationWebhook": receiver.url("/job"), "notificationWebhookSecret": receiver.secret])
                    let other = try await client.addJob(["url": files.url(for: clips[1])])
                    _ = try await client.waitForStatus(mine, in: ["COMPLETE"])
                    _ = try await client.waitForStatus(other, in: ["COMPLETE"])
                    let requests = try await receiver.wait("the job's completion") { requests in
                        requests.contains { $0["path"]?.stringValue == "/job" && $0.webhookType == "job.completed" }
                    }
                    let forJob = requests.filter { $0["path"]?.stringValue == "/job" }
                    #expect(forJob.allSatisfy { $0["body"]?["data"]?["id"]?.stringValue == mine }, "\(forJob)")
                    #expect(forJob.allSatisfy { $0["verified"] == .bool(true) })
                    #expect(forJob.contains { $0.webhookType == "job.started" })
                    #expect(forJob.contains { $0.webhookType == "job.added" }, "subscribed before the job exists")

                    // seed 003's batch notification_webhook: every job of the batch, from job.added on.
                    let batch = try await client.send("POST", "/api/v1/jobs", json: [
                        "urls": [files.url(for: clips[1])], "config": ["notification_webhook": receiver.url("/batch")],
                    ])
                    #expect(batch.status == 201 || batch.status == 202, "\(batch.raw)")
                    let batched = try await receiver.wait("the batch's job completed") { requests in
                        requests.contains { $0["path"]?.stringValue == "/batch" && $0.webhookType == "job.completed" }
                    }.filter { $0["path"]?.stringValue == "/batch" }
                    #expect(batched.contains { $0.webhookType == "job.added" })
                    #expect(Set(batched.compactMap { $0["body"]?["data"]?["id"]?.stringValue }).count == 1)
                    let listed = try await client.send("GET", "/api/webhooks")
                    #expect(listed.body["webhooks"]?.arrayValue?.contains { $0["jobIds"] == .array([.string(mine)]) } == true)
                    #expect(requests.filter { $0.webhookType == "source.new_media" }.count == 1, "one digest per check")
                    #expect(!requests.contains { $0["path"]?.stringValue == "/elsewhere" }, "the source filter holds")
                }
            }
        }

        @Test("spool webhooks add, ls, test, deliveries and rm; spool doctor names a missing apprise")
        func commandLine() async throws {
            let receiver = try await WebhookReceiver.start(paths: ["/cli": [204]])
            defer { receiver.stop() }
            try await withSpool { server, client in
                let cli = EndToEnd.CommandLine.self
                let added = try await cli.spool(
                    ["webhooks", "add", receiver.url("/cli"), "--event", "job.completed", "--event", "job.failed", "--secret", receiver.secret],
                    server: server, token: client.token
                )
                #expect(added.status == 0, "\(added.output)")
                #expect(added.output.contains(receiver.secret), "the secret is printed once")
                let id = try #require(added.output.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == ";" }).first { $0.hasPrefix("wh_") }.map(String.init))
                let listed = try await cli.spool(["webhooks", "ls"], server: server, token: client.token)
                #expect(listed.output.contains(id) && listed.output.contains("job.completed,job.failed") && listed.output.contains(receiver.url("/cli")), "\(listed.output)")
                #expect(!listed.output.contains(receiver.secret))
                let tested = try await cli.spool(["webhooks", "test", id], server: server, token: client.token)
                #expect(tested.status == 0 && tested.output.contains("delivered: HTTP 204"), "\(tested.output)")
                let received = try await receiver.wait("the CLI's test message") { $0.contains { $0.webhookType == "test" } }
                #expect(received.first?["verified"] == .bool(true))
                let log = try await cli.spool(["webhooks", "deliveries", id], server: server, token: client.token)
                #expect(log.output.contains("test") && log.output.contains("delivered") && log.output.contains("204"), "\(log.output)")
                let removed = try await cli.spool(["webhooks", "rm", id], server: server, token: client.token)
                #expect(removed.status == 0)
                #expect(!(try await cli.spool(["webhooks", "ls"], server: server, token: client.token)).output.contains(id))

                let report = try await ChildRun.run(SpoolProcess.binary, ["doctor"], environment: [
                    "DB_PATH": server.dataDirectory.appendingPathComponent("doctor.sqlite").path,
                    "MEDIA_ROOT": server.dataDirectory.appendingPathComponent("doctor-media").path,
                    "MIN_FREE_SPACE": "1MiB", "APPRISE_URLS": "json://127.0.0.1:9/x", "APPRISE_PATH": "/nonexistent/apprise",
                ]).output
                #expect(report.contains("apprise") && report.contains("pip install apprise"), "\(report)")
            }
        }

        @Test("a delivery waiting for its retry survives a restart and arrives with the same webhook-id")
        func restartKeepsTheRetry() async throws {
            let receiver = try await WebhookReceiver.start(paths: ["/later": [503, 200]])
            defer { receiver.stop() }
            let server = try SpoolProcess(environment: ["WEBHOOK_RETRY_DELAYS": "6s"])
            do {
                try await server.start()
                var client = try await E2EClient.login(server)
                let created = try await client.send("POST", "/api/webhooks", json: ["url": receiver.url("/later"), "secret": receiver.secret, "events": ["job.added"]])
                #expect(created.status == 201)
                _ = try await client.addJob(["url": "http://127.0.0.1:9/missing.mp4"])
                let first = try await receiver.wait("the first attempt") { $0.count >= 1 }
                #expect(first[0]["status"]?.intValue == 503)
                // A crash while the retry waits in the queue.
                await server.stop(signal: SIGKILL)
                try await server.start()
                client = try await E2EClient.login(server)
                let requests = try await receiver.wait(timeout: .seconds(60), "the retry after the restart") { $0.count >= 2 }
                #expect(requests.count == 2)
                #expect(requests[1]["status"]?.intValue == 200)
                #expect(requests[1]["webhook-id"] == requests[0]["webhook-id"])
                #expect(requests.allSatisfy { $0["verified"] == .bool(true) })
                _ = client
                await server.destroy()
            } catch {
                print("spool output:\n\(server.output.suffix(4_000))")
                await server.destroy()
                throw error
            }
        }
    }
}
