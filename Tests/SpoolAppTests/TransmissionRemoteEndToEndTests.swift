import Foundation
import SpoolApp
import SpoolCore
import SpoolTesting
import Testing

extension EndToEnd {
    /// The real `transmission-remote` 3.00 (Debian's transmission-cli) against `spool serve`.
    @Suite("Transmission remote")
    struct TransmissionRemote {
        static let binary = "/usr/bin/transmission-remote"

        /// Runs `transmission-remote 127.0.0.1:PORT --auth admin:… <arguments>`.
        static func remote(_ arguments: [String], server: SpoolProcess, address: String? = nil) async throws -> ChildRun.Result {
            let target = address ?? server.baseURL.replacingOccurrences(of: "http://", with: "")
            return try await ChildRun.run(
                binary, [target, "--auth", "admin:\(server.adminPassword)"] + arguments,
                environment: ["HOME": server.dataDirectory.path, "TR_AUTH": nil]
            )
        }

        /// Sizes as transmission-remote prints them (`tr_formatter_size_B`, k = 1000): "None" for 0.
        static func size(_ bytes: Int64) -> String {
            if bytes == 0 { return "None" }
            let units: [(Double, String)] = [(1, "B"), (1_000, "kB"), (1_000_000, "MB"), (1_000_000_000, "GB")]
            let unit = units.last { Double(bytes) >= $0.0 } ?? units[0]
            let value = Double(bytes) / unit.0
            let precision = unit.0 == 1 ? 0 : (value < 100 ? 2 : 1)
            return String(format: "%.\(precision)f", value) + " " + unit.1
        }

        /// `text` right-aligned (`%Ns`) or left-aligned (`%-Ns`) in `width` columns.
        static func pad(_ text: String, _ width: Int, left: Bool = false) -> String {
            let fill = String(repeating: " ", count: max(0, width - text.count))
            return left ? text + fill : fill + text
        }

        /// One row of `-l`, as transmission-remote formats it (`%6d%c  %4s  %9s  %-8s  %6.1f  %6.1f  %5s  %-11s  %s`).
        static func row(_ id: Int, done: String, have: String, eta: String, status: String, name: String) -> String {
            [pad("\(id)", 6) + " ", pad(done, 4), pad(have, 9), pad(eta, 8, left: true), pad("0.0", 6), pad("0.0", 6), pad("0.0", 5), pad(status, 11, left: true), name]
                .joined(separator: "  ")
        }

        /// The header of `-l` (`%6s   %-4s  %9s  %-8s  %6s  %6s  %-5s  %-11s  %s`).
        static let header = "    ID   Done       Have  ETA           Up    Down  Ratio  Status       Name"

        /// The last line of `-l` (`Sum:           %9s            %6.1f  %6.1f`).
        static func sum(_ bytes: Int64) -> String {
            "Sum:           " + pad(size(bytes), 9) + "            " + pad("0.0", 6) + "  " + pad("0.0", 6)
        }

        @Test("-a adds a job that downloads; -l, -t ID -S/-s/-r/-rad (by number and by hash), -si and -st print what Transmission would")
        func remoteDrivesSpool() async throws {
            let media = try await TestMedia.generateVideo(seconds: 3)
            // A clip served at an eighth of its size per second, so its download lasts about 8 s.
            let slow = try await TestMedia.generateVideo(seconds: 12, width: 1280, height: 720)
            let slowSize = (try FileManager.default.attributesOfItem(atPath: slow.path)[.size] as? NSNumber)?.int64Value ?? 0
            try await withMediaServer(media.deletingLastPathComponent()) { files in
                try await withMediaServer(slow.deletingLastPathComponent(), bytesPerSecond: Int(slowSize / 8)) { throttled in
                    try await withSpool { server, client in
                        let rpcURL = server.baseURL.replacingOccurrences(of: "http://", with: "") + "/transmission/rpc/"
                        let added = try await Self.remote(["-a", files.url(for: media.lastPathComponent)], server: server)
                        #expect(added.status == 0)
                        #expect(added.output == "\(rpcURL) responded: \"success\"\n", "\(added.output)")
                        let list = try await client.send("GET", "/api/jobs")
                        let id = try #require(list.body["jobs"]?.arrayValue?.first?["id"]?.stringValue)
                        let done = try await client.waitForStatus(id, in: ["COMPLETE"])
                        #expect(done["number"] == .number(1))
                        let name = try #require(done["title"]?.stringValue)
                        let detail = try await client.send("GET", "/api/jobs/\(id)")
                        let bytes = Int64(try #require(detail.body["media"]?["filesize"]?.doubleValue))
                        let outputPath = try #require(done["outputPath"]?.stringValue)

                        let listed = try await Self.remote(["-l"], server: server)
                        #expect(listed.status == 0)
                        #expect(listed.output == [
                            Self.header,
                            Self.row(1, done: "100%", have: Self.size(bytes), eta: "Done", status: "Finished", name: name),
                            Self.sum(bytes), "",
                        ].joined(separator: "\n"), "\(listed.output)")

                        // A slow second job: stopped while it downloads, listed as Stopped, started, removed.
                        let second = try await Self.remote(["-a", throttled.url(for: slow.lastPathComponent)], server: server)
                        #expect(second.output == "\(rpcURL) responded: \"success\"\n")
                        let secondID = try #require(try await client.send("GET", "/api/jobs?sort=created&order=desc").body["jobs"]?.arrayValue?.first?["id"]?.stringValue)
                        try await client.waitForBytes(secondID, atLeast: Double(slowSize) / 4)
                        let stopped = try await Self.remote(["-t", "2", "-S"], server: server)
                        #expect(stopped.output == "\(rpcURL) responded: \"success\"\n")
                        let paused = try await client.waitForStatus(secondID, in: ["PAUSED"])
                        let have = Int64(paused["progress"]?["downloadedBytes"]?.doubleValue ?? 0)
                        let total = Int64(paused["progress"]?["totalBytes"]?.doubleValue ?? 0)
                        let percent = total > 0 ? "\(Int(100.0 * Double(have) / Double(total)))%" : "n/a"
                        let pausedList = try await Self.remote(["-l"], server: server)
                        #expect(pausedList.output == [
                            Self.header,
                            Self.row(1, done: "100%", have: Self.size(bytes), eta: "Done", status: "Finished", name: name),
                            Self.row(2, done: percent, have: Self.size(have), eta: "Unknown", status: "Stopped", name: paused["title"]?.stringValue ?? throttled.url(for: slow.lastPathComponent)),
                            Self.sum(bytes + have), "",
                        ].joined(separator: "\n"), "\(pausedList.output)")

                        let started = try await Self.remote(["-t", "2", "-s"], server: server)
                        #expect(started.output == "\(rpcURL) responded: \"success\"\n")
                        try await client.waitForStatus(secondID, in: ["QUEUED", "DOWNLOADING"])
                        let running = try await Self.remote(["-l"], server: server)
                        let secondRow = running.output.split(separator: "\n").first { $0.hasPrefix("     2 ") }.map(String.init) ?? ""
                        #expect(["Queued", "Downloading", "Idle"].contains { secondRow.contains("  \($0) ") }, "\(running.output)")

                        let removed = try await Self.remote(["-t", "2", "-r"], server: server)
                        #expect(removed.output == "\(rpcURL) responded: \"success\"\n")
                        #expect(try await client.send("GET", "/api/jobs/\(secondID)").status == 404)

                        // -si and -st.
                        let info = try await Self.remote(["-si"], server: server)
                        let library = server.mediaRoot.appendingPathComponent("library").path
                        #expect(info.output.hasPrefix("""
                            VERSION
                              Daemon version: Spool \(SpoolVersion.current) (Transmission RPC 17)
                              RPC version: 17
                              RPC minimum version: 1

                            CONFIG
                              Configuration directory: \("")
                              Download directory: \(library)
                            """), "\(info.output)")
                        #expect(info.output.contains("LIMITS\n  Peer limit: 0\n"), "\(info.output)")
                        let stats = try await Self.remote(["-st"], server: server)
                        let normalized = stats.output.replacingOccurrences(of: #"Duration:   .*"#, with: "Duration:   <time>", options: .regularExpression)
                        #expect(normalized == """

                            CURRENT SESSION
                              Uploaded:   None
                              Downloaded: \(Self.size(bytes))
                              Ratio:      0.0
                              Duration:   <time>

                            TOTAL
                              Started 1 times
                              Uploaded:   None
                              Downloaded: \(Self.size(bytes))
                              Ratio:      0.0
                              Duration:   <time>

                            """, "\(stats.output)")

                        // The first job by its hash: shown by -i, removed with its files by -rad.
                        let details = try await Self.remote(["-t", "1", "-i"], server: server)
                        let hash = try #require(details.output.split(separator: "\n").first { $0.contains("Hash: ") }?.split(separator: " ").last.map(String.init))
                        #expect(hash.count == 40)
                        #expect(FileManager.default.fileExists(atPath: outputPath))
                        let deleted = try await Self.remote(["-t", hash, "-rad"], server: server)
                        #expect(deleted.output == "\(rpcURL) responded: \"success\"\n", "\(deleted.output)")
                        #expect(!FileManager.default.fileExists(atPath: outputPath), "-rad deletes the files")
                        #expect(try await client.send("GET", "/api/jobs/\(id)").status == 404)
                        let empty = try await Self.remote(["-l"], server: server)
                        #expect(empty.output == [Self.header, Self.sum(0), ""].joined(separator: "\n"), "\(empty.output)")
                    }
                }
            }
        }
    }
}
