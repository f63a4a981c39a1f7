import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension ChildProcess {
    /// `PRIO_PROCESS` as `getpriority`/`setpriority` take it (Glibc imports it as an enum case).
    #if canImport(Glibc)
    private static let processWhich = __priority_which_t(PRIO_PROCESS.rawValue)
    #else
    private static let processWhich = PRIO_PROCESS
    #endif

    /// Lowers the CPU priority of a just-started child to the `nice` value `niceness`, so it only
    /// gets the cores when nothing more urgent (a download) wants them.
    ///
    /// On Linux a nice value belongs to a thread: `setpriority(PRIO_PROCESS, pid)` changes the main
    /// thread, whose later threads inherit it; any thread the child made before this call is
    /// changed too, from `/proc/<pid>/task`. The value is never raised back above what the child
    /// inherited (that would need privileges, and a niced server keeps its own setting). Failures
    /// (the child already gone) are ignored.
    static func lowerPriority(of processID: Int32, to niceness: Int32) {
        var threads: [Int32] = [processID]
        #if os(Linux)
        let listed = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(processID)/task")) ?? []
        threads += listed.compactMap(Int32.init).filter { $0 != processID }
        #endif
        for thread in threads {
            errno = 0
            let current = getpriority(processWhich, id_t(thread))
            guard errno == 0, current < niceness else { continue }
            _ = setpriority(processWhich, id_t(thread), niceness)
        }
    }
}
