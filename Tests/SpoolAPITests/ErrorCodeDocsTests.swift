import Foundation
@testable import SpoolAPI
import SpoolCore
import Testing

/// docs/troubleshooting.md explains every error code with the status the API answers.
@Suite("Error codes in the troubleshooting guide")
struct ErrorCodeDocsTests {
    static let guide = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("docs/troubleshooting.md")

    @Test("every code has a row, with its HTTP status (500s may be job errors)", arguments: SpoolError.Code.allCases)
    func documented(code: SpoolError.Code) throws {
        let text = try String(contentsOf: Self.guide, encoding: .utf8)
        let row = try #require(text.split(separator: "\n").first { $0.hasPrefix("| `\(code.rawValue)` |") }, "no row for \(code.rawValue)")
        let status = row.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }[1]
        let answered = APIError.status(for: code).code
        if answered == 500 {
            #expect(["500", "job", "500/job"].contains(status), "\(code.rawValue): \(status)")
        } else {
            #expect(status == "\(answered)", "\(code.rawValue) is answered with \(answered), the guide says \(status)")
        }
    }
}
