import Foundation
@testable import SpoolS3

/// One request of AWS's SigV4 test suite (`Fixtures/aws-sig-v4-test-suite/<name>/`): the `.req`
/// file read into a ``SigV4Request``, and the expected `.creq`, `.sts` and `.authz`.
struct SigV4TestVector: CustomStringConvertible {
    static let credentials = S3Credentials(accessKeyID: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")
    /// 20150830T123600Z.
    static let date = Date(timeIntervalSince1970: 1_440_938_160)
    /// The session token of `post-sts-header-before` (it is in that request's headers too).
    static let sessionToken = "AQoDYXdzEPT//////////wEXAMPLEtc764bNrC9SAPBSM22wDOk4x4HIZ8j4FZTwdQWLWsKWHGBuFqwAeMicRXmxfpSPfIeoIYRqTflfKD8YUuwthAx7mSEI/qkPpKPi/kMcGdQrmGdeehM4IC1NtBmUpp2wUE8phUZampKsburEDy0KPkyQDYwT7WZ0wq5VSXDvp75YU9HFvlRd8Tx6q6fE8YQcHNVXAkiY9q6d+xo0rKwT38xVqr7ZD0u0iPPkUL64lIZbqBAz+scqKmlzm8FDrypNC9Yjc8fPOLn9FX9KSYvKTr4rvx3iSIlTJabIQwj2ICCR/oLxBA=="

    let name: String
    let request: SigV4Request
    let canonicalRequest: String
    let stringToSign: String
    let authorization: String

    var description: String { name }

    /// The folder of the suite in the test bundle.
    static var folder: URL {
        Bundle.module.resourceURL!.appendingPathComponent("Fixtures/aws-sig-v4-test-suite")
    }

    /// The names of every vector kept (one folder each).
    static var names: [String] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return entries.filter { !$0.contains(".") && $0 != "LICENSE" && $0 != "NOTICE" }.sorted()
    }

    /// Reads vector `name`.
    init(_ name: String) throws {
        let directory = Self.folder.appendingPathComponent(name)
        func read(_ extension: String) throws -> String {
            try String(contentsOf: directory.appendingPathComponent("\(name).\(`extension`)"), encoding: .utf8)
        }
        self.name = name
        request = try Self.parse(try read("req"))
        canonicalRequest = try read("creq")
        stringToSign = try read("sts")
        authorization = try read("authz")
    }

    /// `METHOD path[?query] HTTP/1.1`, then `Name:value` lines, an empty line and the body. The
    /// path may hold spaces (`get-space`), so the version is cut from the end.
    static func parse(_ text: String) throws -> SigV4Request {
        let lines = text.components(separatedBy: "\n")
        guard let requestLine = lines.first, let space = requestLine.firstIndex(of: " "),
            let version = requestLine.range(of: " HTTP/", options: .backwards)
        else { throw VectorError.malformed(text) }
        let method = String(requestLine[..<space])
        let target = String(requestLine[requestLine.index(after: space)..<version.lowerBound])
        let (path, queryText) = target.firstIndex(of: "?").map { (String(target[..<$0]), String(target[target.index(after: $0)...])) } ?? (target, "")
        let query: [(name: String, value: String)] = queryText.isEmpty ? [] : queryText.split(separator: "&").map { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            return (String(parts[0]), parts.count > 1 ? String(parts[1]) : "")
        }
        var headers: [(name: String, value: String)] = []
        var index = 1
        while index < lines.count, !lines[index].isEmpty {
            let line = lines[index]
            guard let colon = line.firstIndex(of: ":") else { throw VectorError.malformed(line) }
            headers.append((String(line[..<colon]), String(line[line.index(after: colon)...])))
            index += 1
        }
        let body = index + 1 < lines.count ? lines[(index + 1)...].joined(separator: "\n") : ""
        return SigV4Request(method: method, path: path, query: query, headers: headers, payload: .bytes(Array(body.utf8)))
    }

    enum VectorError: Error {
        case malformed(String)
    }
}
