#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// What the command line needs from the terminal: TTY checks, width, unbuffered writes, secret input.
public enum Terminal {
    /// Whether standard output is a terminal (then `watch` redraws in place).
    public static var stdoutIsTTY: Bool { isatty(STDOUT_FILENO) == 1 }

    /// Whether standard input is a terminal (then `login` can prompt).
    public static var stdinIsTTY: Bool { isatty(STDIN_FILENO) == 1 }

    /// Columns of the terminal on standard output, else `$COLUMNS`, else nil.
    public static var columns: Int? {
        var size = winsize()
        if ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { return Int(size.ws_col) }
        if let text = ProcessInfo.processInfo.environment["COLUMNS"], let value = Int(text), value > 0 { return value }
        return nil
    }

    /// Whether the locale can show Unicode block characters.
    public static var supportsUnicode: Bool {
        let environment = ProcessInfo.processInfo.environment
        let locale = environment["LC_ALL"] ?? environment["LC_CTYPE"] ?? environment["LANG"] ?? ""
        return locale.uppercased().contains("UTF-8") || locale.uppercased().contains("UTF8")
    }

    /// Writes text to standard output at once (no buffering), retrying short writes.
    public static func write(_ text: String) {
        writeAll(STDOUT_FILENO, Array(text.utf8))
    }

    /// Writes text to standard error at once.
    public static func writeError(_ text: String) {
        writeAll(STDERR_FILENO, Array(text.utf8))
    }

    /// Asks for a secret on the terminal without echoing it.
    ///
    /// Reads from standard input with echo, line editing and signals off: Enter ends the input,
    /// Backspace deletes, Ctrl-C or Ctrl-D on an empty line aborts. The terminal is always restored.
    /// - Parameter prompt: Shown on standard error.
    /// - Returns: The secret, or nil when the user aborted.
    /// - Throws: ``ClientError`` (usage) when standard input is not a terminal.
    public static func readSecret(prompt: String) throws -> String? {
        var saved = termios()
        guard tcgetattr(STDIN_FILENO, &saved) == 0 else {
            throw ClientError(.usage, "standard input is not a terminal; use --password-stdin")
        }
        var quiet = saved
        quiet.c_lflag &= ~tcflag_t(ECHO | ICANON | ISIG)
        writeError(prompt)
        _ = tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet)
        defer {
            _ = tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved)
            writeError("\n")
        }
        var bytes: [UInt8] = []
        var byte: UInt8 = 0
        while read(STDIN_FILENO, &byte, 1) == 1 {
            switch byte {
            case 0x0A, 0x0D: return String(decoding: bytes, as: UTF8.self)
            case 0x03: return nil
            case 0x04 where bytes.isEmpty: return nil
            case 0x7F, 0x08:
                // Drop the last UTF-8 character (continuation bytes first).
                while let last = bytes.popLast(), last & 0xC0 == 0x80 {}
            case 0x15: bytes.removeAll()
            default: bytes.append(byte)
            }
        }
        return bytes.isEmpty ? nil : String(decoding: bytes, as: UTF8.self)
    }

    /// Asks for a line of text with echo; nil at end of input.
    public static func readLine(prompt: String) -> String? {
        writeError(prompt)
        return Swift.readLine(strippingNewline: true)
    }

    private static func writeAll(_ descriptor: Int32, _ bytes: [UInt8]) {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { systemWrite(descriptor, $0.baseAddress, $0.count) }
            if written < 0, errno == EINTR { continue }
            guard written > 0 else { return }
            offset += written
        }
    }
}

/// `write(2)`, callable from types whose own `write` would shadow it.
func systemWrite(_ descriptor: Int32, _ buffer: UnsafeRawPointer?, _ count: Int) -> Int {
    write(descriptor, buffer, count)
}
