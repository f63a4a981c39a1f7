import Foundation
@testable import SpoolApp
import Testing

/// The Dockerfile and .dockerignore, read statically (no container engine runs here).
@Suite("Dockerfile")
struct DockerfileTests {
    static func load() throws -> Dockerfile { Dockerfile(try Repository.text("Dockerfile")) }

    @Test("a Swift build stage and a slim Debian runtime stage")
    func stages() throws {
        let dockerfile = try Self.load()
        #expect(dockerfile.stages.count >= 2)
        let build = try #require(dockerfile.stages.first)
        let builder = build.from.hasPrefix("${") ? dockerfile.argument(String(build.from.dropFirst(2).dropLast())) : build.from
        #expect(builder?.hasPrefix("swift:6.") == true, "builder \(builder ?? "?")")
        let runtime = try #require(dockerfile.stages.last)
        let base = runtime.from.hasPrefix("${") ? dockerfile.argument(String(runtime.from.dropFirst(2).dropLast())) : runtime.from
        #expect(base?.hasPrefix("debian:") == true && base?.hasSuffix("-slim") == true, "runtime \(base ?? "?")")
        #expect(runtime.all("COPY").contains { $0.arguments.hasPrefix("--from=\(build.name ?? "0") ") }, "the runtime copies the build's output")
    }

    @Test("the build makes a static release binary, one file with its resources embedded")
    func build() throws {
        let dockerfile = try Self.load()
        let runs = try #require(dockerfile.stages.first).all("RUN").map(\.arguments).joined(separator: "\n")
        #expect(runs.contains("swift build -c release --static-swift-stdlib --product spool"))
        #expect(!runs.contains(".resources"), "the web UI, OpenAPI document and helper are embedded: no bundle to copy")
        // The binary lands in a folder first on PATH.
        let runtime = try #require(dockerfile.stages.last)
        let copy = try #require(runtime.all("COPY").first { $0.arguments.hasPrefix("--from=") })
        let destination = try #require(copy.arguments.split(separator: " ").last.map { String($0).trimmingCharacters(in: CharacterSet(charactersIn: "/")) })
        let path = try #require(runtime.environment["PATH"])
        #expect(path.split(separator: ":").first.map { $0.trimmingCharacters(in: CharacterSet(charactersIn: "/")) } == destination, "spool must be first on PATH")
    }

    @Test("the runtime has the media tools, runs as a non-root user and starts `spool serve`")
    func runtime() throws {
        let runtime = try #require(try Self.load().stages.last)
        let runs = runtime.all("RUN").map(\.arguments).joined(separator: "\n")
        for package in ["ffmpeg", "espeak-ng", "python3", "libsqlite3-0", "curl"] {
            #expect(runs.contains(package), "runtime lacks \(package)")
        }
        #expect(runs.contains("venv") && runs.contains("YTDLP_SPEC"), "yt-dlp from PyPI in a venv")
        let user = try #require(runtime.last("USER")?.arguments.split(separator: ":").first.map(String.init))
        #expect(Int(user).map { $0 > 0 } == true, "USER must be a numeric non-root id (Kubernetes runAsNonRoot checks it), got \(user)")
        #expect(runtime.all("EXPOSE").map(\.arguments) == ["3000"])
        #expect(runtime.environment["PORT"] == "3000")
        let entrypoint = try #require(runtime.last("ENTRYPOINT")?.execForm)
        #expect(entrypoint.last == "spool")
        let command = try #require(runtime.last("CMD")?.execForm)
        #expect(Role(command) == .serve)
    }

    @Test("every ENV in the image is a Spool variable (or PATH)")
    func environment() throws {
        let runtime = try #require(try Self.load().stages.last)
        let names = Set(runtime.environment.keys)
        #expect(names.contains("MEDIA_ROOT") && names.contains("DB_PATH"))
        let unknown = names.subtracting(SpoolConfiguration.environmentVariables).subtracting(["PATH"])
        #expect(unknown.isEmpty, "\(unknown.sorted())")
        let compose = try ComposeFile()
        #expect(ComposeFile.environment(of: try #require(compose.services["gateway"]))["MEDIA_ROOT"] == runtime.environment["MEDIA_ROOT"])
    }

    @Test("HEALTHCHECK asks /health on HEALTH_PORT for workers and /healthz on PORT otherwise")
    func healthcheck() throws {
        let runtime = try #require(try Self.load().stages.last)
        let check = try #require(runtime.last("HEALTHCHECK")?.arguments)
        let command = try #require(check.range(of: "CMD ").map { Dockerfile.Instruction(keyword: "CMD", arguments: String(check[$0.upperBound...])) })
        let words = try #require(command.execForm, "HEALTHCHECK CMD in exec form")
        #expect(words.prefix(2) == ["sh", "-c"])
        let script = words.last ?? ""
        #expect(script.contains("$HEALTH_PORT") && script.contains("${HEALTH_PORT}/health\""))
        #expect(script.contains("${PORT}/healthz\""))
    }

    @Test(".dockerignore keeps build folders and secrets out, and the sources in")
    func dockerignore() throws {
        let patterns = Set(try Repository.text(".dockerignore").split(separator: "\n").map(String.init).filter { !$0.hasPrefix("#") })
        for excluded in [".git", ".build", ".build-*", ".venv", ".env"] {
            #expect(patterns.contains(excluded), "\(excluded) is not ignored")
        }
        for needed in ["Sources", "Package.swift", "Package.resolved", "*.swift"] {
            #expect(!patterns.contains(needed), "\(needed) must reach the build")
        }
    }
}
