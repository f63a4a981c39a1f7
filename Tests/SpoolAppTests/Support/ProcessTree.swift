import Foundation

/// Reads the process tree from /proc (Linux).
enum ProcessTree {
    /// Every live descendant of `pid` (children, grandchildren, …), zombies excluded.
    static func descendants(of pid: Int32) -> Set<Int32> {
        Set(snapshot(of: pid).keys)
    }

    /// Every live descendant of `pid` with what /proc said of it at that moment: "comm state ppid"
    /// (still readable while a process exits, when its command line already is not).
    static func snapshot(of pid: Int32) -> [Int32: String] {
        var parents: [Int32: [Int32]] = [:]
        var described: [Int32: String] = [:]
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        for entry in entries {
            guard let child = Int32(entry), let stat = try? String(contentsOfFile: "/proc/\(entry)/stat", encoding: .utf8) else { continue }
            // Format: pid (comm) state ppid …; comm may contain spaces and parentheses.
            guard let close = stat.lastIndex(of: ")") else { continue }
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            guard fields.count > 2, let parent = Int32(fields[1]) else { continue }
            if fields[0] == "Z" { continue }
            parents[parent, default: []].append(child)
            described[child] = "\(stat[..<close].drop { $0 != "(" }.dropFirst()) \(fields[0]) ppid \(parent)"
        }
        var result: [Int32: String] = [:]
        var stack = parents[pid] ?? []
        while let next = stack.popLast() {
            if result.updateValue(described[next] ?? "", forKey: next) == nil { stack += parents[next] ?? [] }
        }
        return result
    }

    /// The descendants of `pid` once the set has stayed the same for `quiet` (the server's warm
    /// helper and any start-up children settled), waiting at most `limit`.
    static func settledDescendants(of pid: Int32, quiet: Duration = .seconds(1), limit: Duration = .seconds(60)) async -> Set<Int32> {
        let deadline = ContinuousClock.now + limit
        var current = descendants(of: pid)
        var stableSince = ContinuousClock.now
        while ContinuousClock.now < deadline, ContinuousClock.now - stableSince < quiet {
            try? await Task.sleep(for: .milliseconds(100))
            let next = descendants(of: pid)
            if next != current {
                current = next
                stableSince = ContinuousClock.now
            }
        }
        return current
    }

    /// Waits until `pid` has had no descendant for `quiet` (a process a stopping stage started and
    /// stopped in one moment is gone by then; one left behind is not), at most `limit`.
    ///
    /// - Returns: What is left at the end, as ``snapshot(of:)`` describes it; empty when none.
    static func waitForNone(under pid: Int32, quiet: Duration = .seconds(1), limit: Duration = .seconds(30)) async -> [Int32: String] {
        let deadline = ContinuousClock.now + limit
        var emptySince: ContinuousClock.Instant?
        var left = snapshot(of: pid)
        while ContinuousClock.now < deadline {
            if !left.isEmpty {
                emptySince = nil
            } else if let since = emptySince {
                if ContinuousClock.now - since >= quiet { return [:] }
            } else {
                emptySince = .now
            }
            try? await Task.sleep(for: .milliseconds(50))
            left = snapshot(of: pid)
        }
        return left
    }

    /// The command line of a process, or "".
    static func commandLine(_ pid: Int32) -> String {
        guard let data = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline") else { return "" }
        return String(decoding: data.map { $0 == 0 ? 0x20 : $0 }, as: UTF8.self)
    }

    /// Whether the process exists (and is not a zombie).
    static func isAlive(_ pid: Int32) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8), let close = stat.lastIndex(of: ")") else { return false }
        return !stat[stat.index(after: close)...].trimmingCharacters(in: .whitespaces).hasPrefix("Z")
    }
}
