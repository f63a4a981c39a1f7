/// The maintenance tasks a deployment runs, in the order they are scheduled; names are unique.
public struct MaintenanceCatalog: Sendable {
    /// Every task, in order.
    public let tasks: [any MaintenanceTask]

    /// A catalog of `tasks`; each name must be well formed (lowercase letters, digits, `-`, at
    /// most 48 characters) and used once.
    public init(_ tasks: [any MaintenanceTask]) {
        precondition(tasks.allSatisfy { Self.isWellFormed($0.name) }, "a maintenance task name is lowercase letters, digits and -")
        precondition(Set(tasks.map(\.name)).count == tasks.count, "a maintenance task is registered once")
        self.tasks = tasks
    }

    /// The tasks' names, in order.
    public var names: [String] { tasks.map(\.name) }

    /// The task named `name`, if there is one.
    public func task(named name: String) -> (any MaintenanceTask)? {
        tasks.first { $0.name == name }
    }

    /// Whether `name` may name a task.
    public static func isWellFormed(_ name: String) -> Bool {
        !name.isEmpty && name.count <= 48 && name.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
    }
}
