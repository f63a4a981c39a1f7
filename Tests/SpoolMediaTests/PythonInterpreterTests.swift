import Foundation
@testable import SpoolMedia
import Testing

@Suite("Python interpreter discovery")
struct PythonInterpreterTests {
    func script(_ text: String) throws -> String {
        let path = try MediaTestSupport.makeWorkDirectory() + "/yt-dlp"
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test("pip's direct shebang")
    func direct() throws {
        let path = try script("#!/opt/venv/bin/python3\n# -*- coding: utf-8 -*-\nimport re\n")
        #expect(PythonInterpreter.command(forScript: path) == ["/opt/venv/bin/python3"])
    }

    @Test("env shebangs are resolved on PATH")
    func env() throws {
        let sh = try #require(ExecutableLocator.locate("sh"))
        #expect(PythonInterpreter.command(forScript: try script("#!/usr/bin/env -S sh -u\n")) == nil, "sh is not Python")
        let python = ExecutableLocator.locate("python3")
        let resolved = PythonInterpreter.command(forScript: try script("#!/usr/bin/env python3\n"))
        #expect(resolved == python.map { [$0] })
        #expect(sh.hasPrefix("/"))
    }

    @Test("pip's /bin/sh wrapper for long or spaced interpreter paths")
    func shellWrapper() throws {
        let text = "#!/bin/sh\n'''exec' \"/opt/my venv/bin/python3\" \"$0\" \"$@\"\n' '''\nimport re\n"
        #expect(PythonInterpreter.command(forScript: try script(text)) == ["/opt/my venv/bin/python3"])
    }

    @Test("binaries, other scripts and missing files have no interpreter")
    func none() throws {
        #expect(PythonInterpreter.command(forScript: try script("\u{7F}ELF\u{2}\u{1}")) == nil)
        #expect(PythonInterpreter.command(forScript: try script("#!/bin/bash\necho hi\n")) == nil)
        #expect(PythonInterpreter.command(forScript: "/nonexistent/yt-dlp") == nil)
    }
}
