/// Quoting for showing a command line to a person (in a job's log), never for running it: Spool
/// starts every tool without a shell.
public enum ShellWords {
    /// `word` as a POSIX shell reads it back: unchanged when it holds only safe characters, else
    /// in single quotes with each `'` written as `'\''`.
    public static func quote(_ word: String) -> String {
        let safe = word.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "-_./:=+,@%".contains($0)) }
        if safe && !word.isEmpty { return word }
        return "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
