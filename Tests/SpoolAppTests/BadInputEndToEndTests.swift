import Foundation
import SpoolCore
import Testing

extension EndToEnd {
    @Suite("Bad input")
    struct BadInput {
        struct Case: Sendable, CustomTestStringConvertible {
            let name: String
            let body: Data
            let status: Int
            let code: String
            var testDescription: String { name }

            init(_ name: String, json: String, status: Int = 400, code: String) {
                self.name = name
                self.body = Data(json.utf8)
                self.status = status
                self.code = code
            }
        }

        static let cases: [Case] = [
            Case("empty url", json: #"{"url":""}"#, code: "invalid_url"),
            Case("missing url", json: #"{}"#, code: "invalid_url"),
            Case("ftp url", json: #"{"url":"ftp://127.0.0.1/x.mp4"}"#, code: "invalid_url"),
            Case("file url", json: #"{"url":"file:///etc/passwd"}"#, code: "invalid_url"),
            Case("option-like url", json: #"{"url":"--exec=touch /tmp/pwned"}"#, code: "invalid_url"),
            Case("dash url", json: #"{"url":"-o/tmp/x"}"#, code: "invalid_url"),
            Case("overlong url", json: #"{"url":"https://example.com/\#(String(repeating: "a", count: 3000))"}"#, code: "invalid_url"),
            Case("unknown field", json: #"{"url":"https://example.com/v","exec":"id"}"#, code: "unknown_field"),
            Case("malformed json", json: #"{"url": "https://example.com/v""#, code: "malformed_json"),
            Case("wrong type", json: #"{"url": 42}"#, code: "invalid_input"),
            Case("escaping template", json: #"{"url":"https://example.com/v","outputTemplate":"../../%(title)s.%(ext)s"}"#, code: "invalid_template"),
            Case("absolute template", json: #"{"url":"https://example.com/v","outputTemplate":"/etc/%(title)s.%(ext)s"}"#, code: "invalid_template"),
            Case("option format", json: #"{"url":"https://example.com/v","formatPreset":"--exec id"}"#, code: "invalid_format"),
            Case("bad container", json: #"{"url":"https://example.com/v","outputContainer":"avi"}"#, code: "invalid_input"),
            Case("bad priority", json: #"{"url":"https://example.com/v","priority":"urgent"}"#, code: "invalid_input"),
            Case("huge body", json: #"{"url":"https://example.com/v","tags":["\#(String(repeating: "x", count: 800_000))"]}"#, status: 413, code: "payload_too_large"),
        ]

        @Test("a format yt-dlp cannot parse is 400 invalid_format with yt-dlp's message; a valid custom one is accepted")
        func badFormat() async throws {
            // A generous check bound: on a loaded machine the fork server may still be starting.
            try await withSpool(environment: ["FORMAT_CHECK_TIMEOUT": "120s"]) { _, client in
                let bad = try await client.send("POST", "/api/jobs", json: ["url": "https://example.com/v", "formatPreset": "b[height<="])
                #expect(bad.status == 400, "\(bad.raw.prefix(300))")
                #expect(bad.body["error"]?["code"]?.stringValue == "invalid_format")
                let message = bad.body["error"]?["message"]?.stringValue ?? ""
                #expect(message.hasSuffix("Invalid format specification: Missing closing/opening brackets or parenthesis"), "\(message)")
                #expect(!message.contains("^"))
                let batch = try await client.send("POST", "/api/batches", json: ["urls": ["https://example.com/1"], "options": ["formatPreset": "bv+"]])
                #expect(batch.status == 400 && batch.body["error"]?["code"]?.stringValue == "invalid_format", "\(batch.raw.prefix(300))")
                #expect(try await client.send("GET", "/api/jobs").body["total"]?.doubleValue == 0, "no job was stored")
                let good = try await client.send("POST", "/api/jobs", json: ["url": "https://example.com/v", "formatPreset": "bv*[height<=480]+ba/b"])
                #expect(good.status == 201, "\(good.raw.prefix(300))")
            }
        }

        @Test("every bad request gets a 4xx with a stable code; nothing is stored, run or written")
        func rejectsBadInput() async throws {
            try await withSpool { server, client in
                let pid = try #require(server.pid)
                let childrenBefore = await ProcessTree.settledDescendants(of: pid)
                for item in Self.cases {
                    let response = try await client.send("POST", "/api/jobs", rawBody: item.body)
                    #expect(response.status == item.status, "\(item.name): \(response.status) \(response.raw.prefix(200))")
                    #expect(response.body["error"]?["code"]?.stringValue == item.code, "\(item.name): \(response.raw.prefix(200))")
                    #expect(response.body["error"]?["message"]?.stringValue?.isEmpty == false)
                }
                let list = try await client.send("GET", "/api/jobs")
                #expect(list.body["total"]?.doubleValue == 0, "no job was stored")
                let tmp = server.mediaRoot.appendingPathComponent("tmp").path
                #expect(((try? FileManager.default.contentsOfDirectory(atPath: tmp)) ?? []).isEmpty, "nothing was written")
                #expect(!FileManager.default.fileExists(atPath: "/tmp/pwned"))
                let childrenAfter = await ProcessTree.settledDescendants(of: pid, quiet: .milliseconds(500))
                #expect(childrenAfter.subtracting(childrenBefore).isEmpty, "no process was started: \(childrenAfter.subtracting(childrenBefore).map(ProcessTree.commandLine))")
            }
        }

        @Test("unknown job ids and illegal moves get 404 and 409")
        func notFoundAndConflict() async throws {
            try await withSpool { _, client in
                let missing = try await client.send("GET", "/api/jobs/\(JobID.random())")
                #expect(missing.status == 404)
                #expect(missing.body["error"]?["code"]?.stringValue == "not_found")
                let id = try await client.addJob(["url": "http://127.0.0.1:9/never.mp4"])
                _ = try await client.send("POST", "/api/jobs/\(id)/cancel")
                let again = try await client.send("POST", "/api/jobs/\(id)/pause")
                #expect(again.status == 409)
                #expect(again.body["error"]?["code"]?.stringValue == "illegal_transition")
            }
        }
    }
}
