@testable import SpoolMedia
import Testing

@Suite("Line splitting")
struct LineSplitterTests {
    @Test("lines split only at LF, across chunk borders; CR is dropped; the last line is flushed")
    func splitting() {
        var splitter = LineSplitter()
        #expect(splitter.push(Array("ab".utf8)).isEmpty)
        #expect(splitter.push(Array("c\r\nd\u{2028}e\u{85}f\n".utf8)) == ["abc", "d\u{2028}e\u{85}f"])
        #expect(splitter.push(Array("\ntail".utf8)) == [""])
        #expect(splitter.finish() == "tail")
        #expect(splitter.finish() == nil)
    }

    @Test("an overlong line is cut instead of failing the run")
    func longLine() {
        var splitter = LineSplitter(maxLineLength: 8)
        #expect(splitter.push(Array("0123456789abcdef\nok\n".utf8)) == ["01234567", "ok"])
    }
}
