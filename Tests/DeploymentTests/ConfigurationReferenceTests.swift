import Foundation
@testable import SpoolApp
import Testing

/// `.env.example` and `docs/configuration.md` are generated from ``ConfigurationReference``, which
/// must name exactly the variables Spool reads.
@Suite("Configuration reference")
struct ConfigurationReferenceTests {
    static let regenerate = "regenerate it: `spool config env > .env.example` and `spool config markdown > docs/configuration.md`"

    @Test("the reference names every variable Spool reads, each once, and nothing else")
    func names() {
        let names = ConfigurationReference.names
        #expect(names.count == Set(names).count, "a variable is listed twice: \(names.filter { name in names.filter { $0 == name }.count > 1 })")
        let listed = Set(names)
        #expect(SpoolConfiguration.environmentVariables.subtracting(listed).isEmpty, "not in the reference: \(SpoolConfiguration.environmentVariables.subtracting(listed).sorted())")
        #expect(listed.subtracting(SpoolConfiguration.environmentVariables).isEmpty, "not read by Spool: \(listed.subtracting(SpoolConfiguration.environmentVariables).sorted())")
    }

    @Test(".env.example is the reference's env file")
    func envExample() throws {
        #expect(try Repository.text(".env.example") == ConfigurationReference.envFile(), "\(Self.regenerate)")
    }

    @Test("docs/configuration.md is the reference's Markdown")
    func markdown() throws {
        #expect(try Repository.text("docs/configuration.md") == ConfigurationReference.markdown(), "\(Self.regenerate)")
    }

    @Test("every group says what its variables do")
    func descriptions() {
        for section in ConfigurationReference.sections {
            #expect(!section.groups.isEmpty, "\(section.title)")
            for group in section.groups {
                #expect(!group.text.isEmpty, "\(group.settings.map(\.name))")
            }
        }
    }

    @Test("the defaults the reference shows are the defaults: a configuration from them equals one from nothing")
    func defaultsAreTrue() throws {
        var documented: [String: String] = [:]
        for section in ConfigurationReference.sections {
            for group in section.groups {
                for variable in group.settings where variable.isDefault {
                    documented[variable.name] = variable.value
                }
            }
        }
        let fromNothing = try SpoolConfiguration.fromEnvironment([:])
        let fromDocumented = try SpoolConfiguration.fromEnvironment(documented)
        #expect(Self.canonical(fromNothing) == Self.canonical(fromDocumented))
    }

    /// A value's debug description with the members of every `Set([…])` sorted (a set prints in
    /// any order).
    static func canonical(_ value: Any) -> String {
        var text = String(reflecting: value)
        for match in text.matches(of: /Set\(\[([^\[\]]*)\]\)/).reversed() {
            let members = match.1.split(separator: ", ").sorted().joined(separator: ", ")
            text.replaceSubrange(match.range, with: "Set([\(members)])")
        }
        return text
    }
}
