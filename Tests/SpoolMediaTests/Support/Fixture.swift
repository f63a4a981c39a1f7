import Foundation

/// Captured real tool output kept in `Fixtures/` (see each file's test for how it was made).
enum Fixture {
    /// The fixture's bytes.
    static func data(_ name: String) throws -> Data {
        guard let url = Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "Fixtures") else {
            throw FixtureError(name: name)
        }
        return try Data(contentsOf: url)
    }

    /// The fixture as UTF-8 text.
    static func text(_ name: String) throws -> String {
        String(decoding: try data(name), as: UTF8.self)
    }

    /// The fixture's lines (without the trailing empty one).
    static func lines(_ name: String) throws -> [String] {
        try text(name).split(separator: "\n").map(String.init)
    }

    struct FixtureError: Error, CustomStringConvertible {
        var name: String
        var description: String { "fixture \(name) is missing from Fixtures/" }
    }
}
