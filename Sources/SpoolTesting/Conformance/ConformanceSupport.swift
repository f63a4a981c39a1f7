import Foundation
import SpoolCore
import SpoolQueue
import Testing

/// Small helpers shared by the conformance suites.
enum ConformanceSupport {
    /// Sleeps until `date` plus a margin (no-op when it has passed).
    static func sleep(until date: Date, margin: Duration = .milliseconds(50)) async throws {
        let remaining = date.timeIntervalSinceNow
        if remaining > 0 {
            try await Task.sleep(for: .seconds(remaining) + margin)
        } else {
            try await Task.sleep(for: margin)
        }
    }

    /// Whether two dates are equal to within a millisecond (backends store different precisions).
    static func close(_ lhs: Date?, _ rhs: Date?) -> Bool {
        switch (lhs, rhs) {
        case (nil, nil): true
        case let (lhs?, rhs?): abs(lhs.timeIntervalSince(rhs)) < 0.001
        default: false
        }
    }

    /// Runs `body`, giving up after `timeout`; returns nil on timeout (the body's task is cancelled).
    static func within<T: Sendable>(_ timeout: Duration, _ body: @escaping @Sendable () async throws -> T) async throws -> T? {
        try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask { try await body() }
            group.addTask {
                try await Task.sleep(for: timeout)
                return nil
            }
            defer { group.cancelAll() }
            return try await group.next() ?? nil
        }
    }
}

extension QueueName {
    /// A queue name no other test uses, so checks can share a backend.
    static func unique(_ label: String = "test") -> QueueName {
        QueueName(rawValue: "q:\(label)-\(UUID().uuidString.prefix(8).lowercased())")
    }
}

extension TaskKey {
    /// A key shaped like the stage queues' keys: a new job's id.
    public static func randomJob() -> TaskKey {
        TaskKey(rawValue: JobID.random().rawValue)
    }
}
