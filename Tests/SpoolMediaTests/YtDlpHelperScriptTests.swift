import Foundation
@testable import SpoolMedia
import SpoolTesting
import Testing

/// The helper script's own protocol, run with the interpreter behind the `yt-dlp` on PATH.
@Suite("yt-dlp helper script")
struct YtDlpHelperScriptTests {
    /// The `yt-dlp` on PATH, the Python behind it, and the helper script.
    static func helper() throws -> (executable: String, python: String, script: String) {
        let executable = try #require(ExecutableLocator.locate("yt-dlp"), "yt-dlp must be on PATH")
        let python = try #require(PythonInterpreter.command(forScript: executable)?.first)
        let script = try #require(YtDlpHelper.locateScript(override: nil), "the resource bundle holds the helper")
        return (executable, python, script)
    }

    static func run(stdin: String) async throws -> (status: Int32, output: String, error: String) {
        let (executable, python, script) = try helper()
        // Off the cooperative pool: it waits for Python to start and answer.
        return try await offCooperativePool {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: python)
            process.arguments = [script, executable]
            let input = Pipe(), output = Pipe(), error = Pipe()
            process.standardInput = input
            process.standardOutput = output
            process.standardError = error
            try process.run()
            try input.fileHandleForWriting.write(contentsOf: Data(stdin.utf8))
            try input.fileHandleForWriting.close()
            let outputData = try output.fileHandleForReading.readToEnd() ?? Data()
            let errorData = try error.fileHandleForReading.readToEnd() ?? Data()
            process.waitUntilExit()
            return (process.terminationStatus, String(decoding: outputData, as: UTF8.self), String(decoding: errorData, as: UTF8.self))
        }
    }

    @Test("end of input before a job: it says it is ready, then exits 0 (so a dead parent ends it)")
    func endOfInput() async throws {
        let result = try await Self.run(stdin: "")
        #expect(result.status == 0)
        let ready = try #require(result.output.split(separator: "\n").first.map(String.init))
        #expect(YtDlpHelper.isReadyLine(ready), "\(ready)")
    }

    @Test("a job line runs yt-dlp's main with those arguments and returns its exit code")
    func runsJob() async throws {
        let line = try YtDlpHelper.jobLine(arguments: ["--version"], workDirectory: FileManager.default.temporaryDirectory.path)
        let result = try await Self.run(stdin: line)
        #expect(result.status == 0)
        #expect(result.output.split(separator: "\n").last?.hasPrefix("20") == true)
        let usage = try await Self.run(stdin: try YtDlpHelper.jobLine(arguments: ["--no-such-option"], workDirectory: "/"))
        #expect(usage.status == 2 && usage.error.contains("no such option"))
    }

    @Test("the fork server's shared extractor table and URL hint give yt-dlp's own choices; reads are capped at 1 MiB (Fixtures/shared_extractors_check.py)")
    func sharedExtractors() async throws {
        let (_, python, script) = try Self.helper()
        let check = try #require(Bundle.module.url(forResource: "shared_extractors_check.py", withExtension: nil, subdirectory: "Fixtures"))
        let video = try await TestMedia.generateVideo(seconds: 2)
        try await withMediaServer(video.deletingLastPathComponent()) { server in
            let result = try await ChildRun.run(python, [check.path, script, server.url(for: video.lastPathComponent)])
            #expect(result.status == 0, "\(result.output)")
            #expect(result.output.contains("all checks passed"), "\(result.output)")
        }
    }

    @Test("a malformed job line exits 4")
    func malformed() async throws {
        #expect(try await Self.run(stdin: "{\"argv\": \"--version\"}\n").status == 4)
        #expect(try await Self.run(stdin: "not json\n").status == 4)
    }
}
