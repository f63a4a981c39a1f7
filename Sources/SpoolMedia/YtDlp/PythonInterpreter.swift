import Foundation

/// Finds the Python interpreter behind a pip-installed `yt-dlp` script.
enum PythonInterpreter {
    /// The interpreter command (program path plus its fixed arguments) that `script` names in its
    /// `#!` line, or nil for binaries, non-Python scripts and unreadable files.
    ///
    /// Understands `#!/path/python3`, `#!/usr/bin/env python3` (searched on PATH), and pip's wrapper for
    /// long or spaced paths: `#!/bin/sh` followed by `'''exec' "/path/python3" "$0" "$@"`.
    static func command(forScript script: String) -> [String]? {
        guard let handle = FileHandle(forReadingAtPath: script) else { return nil }
        defer { try? handle.close() }
        guard let head = try? handle.read(upToCount: 1024), head.starts(with: Array("#!".utf8)) else { return nil }
        let lines = String(decoding: head, as: UTF8.self).split(separator: "\n", maxSplits: 2).map(String.init)
        guard let first = lines.first else { return nil }
        var words = first.dropFirst(2).split(whereSeparator: \.isWhitespace).map(String.init)
        if let program = words.first, program.hasSuffix("/env") {
            words = Array(words.dropFirst().drop { $0.hasPrefix("-") })
            guard let name = words.first, let resolved = ExecutableLocator.locate(name) else { return nil }
            words[0] = resolved
        }
        if let program = words.first, program.hasSuffix("/sh"), lines.count > 1 {
            return pipShellWrapper(lines[1])
        }
        guard let program = words.first, isPython(program) else { return nil }
        return words
    }

    /// `'''exec' "/path/python3" "$0" "$@"` → `["/path/python3"]`.
    private static func pipShellWrapper(_ line: String) -> [String]? {
        guard line.hasPrefix("'''exec' \"") else { return nil }
        let program = line.dropFirst("'''exec' \"".count).prefix { $0 != "\"" }
        return isPython(String(program)) ? [String(program)] : nil
    }

    private static func isPython(_ program: String) -> Bool {
        let name = program.split(separator: "/").last.map(String.init) ?? program
        return name.hasPrefix("python") || name.hasPrefix("pypy")
    }
}
