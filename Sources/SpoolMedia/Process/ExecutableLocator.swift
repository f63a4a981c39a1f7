import Foundation

/// Finds programs the way a shell would, without running one.
package enum ExecutableLocator {
    /// The absolute (or given) path of `program`: a path containing `/` is checked as is, a bare name
    /// is searched on `PATH`. Nil when nothing executable is there.
    package static func locate(_ program: String, path: String? = ProcessInfo.processInfo.environment["PATH"]) -> String? {
        if program.isEmpty { return nil }
        if program.contains("/") {
            return isExecutableFile(program) ? program : nil
        }
        let directories = (path ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":").filter { $0.hasPrefix("/") }
        return directories.lazy.map { "\($0)/\(program)" }.first(where: isExecutableFile)
    }

    /// Whether `path` is an executable regular file (symlinks followed).
    package static func isExecutableFile(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
            && !isDirectory.boolValue
            && FileManager.default.isExecutableFile(atPath: path)
    }
}
