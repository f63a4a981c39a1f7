import Foundation
@testable import SpoolApp
import Testing

/// `SpoolConfiguration.environmentVariables` against the sources that read the environment.
@Suite("Environment variables")
struct EnvironmentVariablesTests {
    /// `reader.string("NAME"`, `reader.int("NAME"`, … in a Swift source.
    static func readerCalls(in source: String) -> [String] {
        source.matches(of: /reader\.(?:string|int|double|bool|duration|bytes|rate|choice)\("([A-Z][A-Z0-9_]*)"/).map { String($0.1) }
    }

    @Test("every reader call in SpoolApp names a listed variable")
    func readerCallsAreListed() throws {
        var names: [String] = []
        let folder = Repository.root.appendingPathComponent("Sources/SpoolApp")
        let files = try FileManager.default.subpathsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".swift") }
        for file in files {
            names += Self.readerCalls(in: try Repository.text("Sources/SpoolApp/\(file)"))
        }
        // SpoolConfiguration and DubbingSettings alone read over 40 variables today.
        #expect(names.count >= 40)
        #expect(names.contains("MEDIA_ROOT") && names.contains("OPENAI_BASE_URL"))
        let unlisted = Set(names).subtracting(SpoolConfiguration.environmentVariables)
        #expect(unlisted.isEmpty, "read but not in SpoolConfiguration.environmentVariables: \(unlisted.sorted())")
    }

    @Test("YTDLP_START picks the warm start (fork by default; YTDLP_WARM=false is cold); YTDLP_IDLE_STOP=0 never stops it")
    func ytdlpStart() throws {
        #expect(try SpoolConfiguration.fromEnvironment([:]).tools.ytdlpStart == .fork)
        #expect(try SpoolConfiguration.fromEnvironment([:]).tools.ytdlpIdleStop == .seconds(600))
        #expect(try SpoolConfiguration.fromEnvironment(["YTDLP_START": "Spare"]).tools.ytdlpStart == .spare)
        #expect(try SpoolConfiguration.fromEnvironment(["YTDLP_WARM": "false"]).tools.ytdlpStart == .cold)
        #expect(try SpoolConfiguration.fromEnvironment(["YTDLP_WARM": "false", "YTDLP_START": "fork"]).tools.ytdlpStart == .fork)
        #expect(try SpoolConfiguration.fromEnvironment(["YTDLP_IDLE_STOP": "0"]).tools.ytdlpIdleStop == nil)
        #expect(try SpoolConfiguration.fromEnvironment(["YTDLP_IDLE_STOP": "90s"]).tools.ytdlpIdleStop == .seconds(90))
        let error = try #require(throws: ConfigurationError.self) { try SpoolConfiguration.fromEnvironment(["YTDLP_START": "warm"]) }
        #expect("\(error)".contains("YTDLP_START") && "\(error)".contains("fork, spare, cold"), "\(error)")
    }

    @Test("the Yandex engine's variables are listed")
    func yandexVariablesAreListed() throws {
        let source = try Repository.text("Sources/SpoolDubbing/Yandex/YandexDubbingProvider+Environment.swift")
        let names = Set(source.matches(of: /(?:value|seconds)\("([A-Z][A-Z0-9_]*)"\)/).map { String($0.1) })
        #expect(names.count >= 4)
        let unlisted = names.subtracting(SpoolConfiguration.environmentVariables)
        #expect(unlisted.isEmpty, "read but not listed: \(unlisted.sorted())")
    }

    @Test("the command line's variables are listed")
    func commandLineVariablesAreListed() throws {
        var names: Set<String> = []
        for file in try Repository.files(in: "Sources/spool", suffix: ".swift") {
            let source = try Repository.text(file)
            names.formUnion(source.matches(of: /environment\["([A-Z][A-Z0-9_]*)"\]/).map { String($0.1) })
        }
        #expect(names.contains("SPOOL_SERVER") && names.contains("SPOOL_TOKEN"))
        let unlisted = names.subtracting(SpoolConfiguration.environmentVariables)
        #expect(unlisted.isEmpty, "read but not listed: \(unlisted.sorted())")
    }

    @Test("every listed variable is read somewhere in Sources")
    func listedVariablesAreRead() throws {
        var sources = ""
        let folder = Repository.root.appendingPathComponent("Sources")
        let files = try FileManager.default.subpathsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".swift") }
        for file in files where !file.hasSuffix("SpoolConfiguration+Variables.swift") {
            sources += try Repository.text("Sources/\(file)")
        }
        let unread = SpoolConfiguration.environmentVariables.filter { !sources.contains("\"\($0)\"") }
        #expect(unread.isEmpty, "listed but never read: \(unread.sorted())")
    }

    @Test(".env.example documents only variables Spool reads")
    func envExampleNamesAreListed() throws {
        let names = try Repository.documentedNames(".env.example")
        #expect(names.count >= 30)
        let unknown = Set(names).subtracting(SpoolConfiguration.environmentVariables)
        #expect(unknown.isEmpty, ".env.example names variables Spool does not read: \(unknown.sorted())")
    }
}
