import Foundation
import Testing

/// The release binary's layout (Package.swift's `releaseLinkerSettings`): every way of building a
/// release compiles one section per function, and the link orders them by `Sources/spool/spool.order`.
/// Without both, the order file silently does nothing and an idle server is ~10 MB larger.
@Suite("Release layout")
struct ReleaseLayoutTests {
    static let functionSections = "-Xswiftc -Xfrontend -Xswiftc -function-sections"

    @Test("scripts/build-release.sh builds static with one section per function; run.sh and the benchmarks use it")
    func buildScript() throws {
        let script = try Repository.text("scripts/build-release.sh")
        #expect(script.contains("--static-swift-stdlib"))
        #expect(script.contains(Self.functionSections))
        let run = try Repository.text("scripts/run.sh")
        #expect(run.contains("scripts/build-release.sh"), "scripts/run.sh builds its release binary another way")
        let bench = try Repository.text("bench/lib.sh")
        #expect(bench.contains("scripts/build-release.sh"), "bench/lib.sh builds its release binary another way")
    }

    @Test("the Dockerfile's release build has one section per function too")
    func dockerfile() throws {
        let build = try #require(Dockerfile(try Repository.text("Dockerfile")).stages.first)
        let runs = build.all("RUN").map(\.arguments).joined(separator: "\n")
        #expect(runs.contains("--product spool \(Self.functionSections)"))
    }

    @Test("the manifest links the release with lld, packed relocations, no exported symbols and the order file")
    func manifest() throws {
        let manifest = try Repository.text("Package.swift")
        for flag in ["-use-ld=lld", "pack-relative-relocs", "--no-export-dynamic", "--symbol-ordering-file=", "/Sources/spool/spool.order"] {
            #expect(manifest.contains(flag), "Package.swift lost \(flag)")
        }
        #expect(manifest.contains(#"exclude: ["spool.order"]"#), "the order file is not a source of the spool target")
    }

    @Test("the order file lists symbol names, start-up's first, including the entry point")
    func orderFile() throws {
        let names = try Repository.text("Sources/spool/spool.order").split(separator: "\n")
        #expect(names.count > 5000, "\(names.count) names: regenerate with scripts/order-file.sh")
        #expect(names.allSatisfy { !$0.contains(" ") && !$0.isEmpty })
        #expect(Set(names).count == names.count, "a name is listed twice")
        #expect(names.contains("spool_main"))
    }
}
