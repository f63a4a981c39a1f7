import Foundation

/// Unbuffered lines on standard output (messages a supervisor or a test waits for).
enum Console {
    /// Writes `text` and a newline, flushed at once.
    static func line(_ text: String) {
        FileHandle.standardOutput.write(Data((text + "\n").utf8))
    }
}
