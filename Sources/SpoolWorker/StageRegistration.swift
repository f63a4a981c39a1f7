import SpoolCore

/// One stage as a process runs it, declared once: what it is (name, queue, states), how many run
/// at once and how its handler is made from `Context` (the tools and settings at hand).
public struct StageRegistration<Context>: Sendable {
    /// The stage as the lifecycle knows it.
    public let definition: StageDefinition
    /// Entries handled at once (forced "start now" entries come on top).
    public let concurrency: @Sendable (Context) -> Int
    /// Makes the handler that runs claimed entries.
    public let makeHandler: @Sendable (Context) -> any StageHandler

    /// Registers a stage.
    public init(
        _ definition: StageDefinition,
        concurrency: @escaping @Sendable (Context) -> Int,
        handler makeHandler: @escaping @Sendable (Context) -> any StageHandler
    ) {
        self.definition = definition
        self.concurrency = concurrency
        self.makeHandler = makeHandler
    }
}

/// The stages a deployment runs, in order. It gives the lifecycle its ``StageCatalog``, the workers
/// their queue processors, and `spool worker --stage` its names.
public struct StageRegistry<Context>: Sendable {
    /// Every registered stage, in run order (download first).
    public let registrations: [StageRegistration<Context>]
    /// The catalog the job service plans jobs with.
    public let catalog: StageCatalog

    /// A registry of `registrations` in run order; the first must be download.
    public init(_ registrations: [StageRegistration<Context>]) {
        self.registrations = registrations
        self.catalog = StageCatalog(registrations.map(\.definition))
    }

    /// The stage names, in order.
    public var names: [String] { registrations.map(\.definition.stage.rawValue) }

    /// The stages named in a comma-separated list (`download,dub`); throws a message naming the
    /// stages there are when a name is unknown or the list is empty.
    public func stages(named list: String) throws(StageListError) -> Set<Stage> {
        let names = list.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard !names.isEmpty else { throw StageListError(message: "--stage needs at least one of \(self.names.joined(separator: ", "))") }
        var stages: Set<Stage> = []
        for name in names {
            guard let stage = catalog.stage(named: name) else {
                throw StageListError(message: "unknown stage '\(name)': use \(self.names.joined(separator: ", "))")
            }
            stages.insert(stage)
        }
        return stages
    }

    /// The workers of `stages` (every stage when nil), their handlers made from `context`.
    public func workers(for stages: Set<Stage>? = nil, context: Context) -> [StageWorker] {
        registrations.filter { stages?.contains($0.definition.stage) ?? true }.map { registration in
            StageWorker(registration.definition, concurrency: registration.concurrency(context), handler: registration.makeHandler(context))
        }
    }
}

/// A `--stage` list that names no stage or an unknown one.
public struct StageListError: Error, CustomStringConvertible, Sendable {
    /// What is wrong, with the stages there are.
    public let message: String
    /// The message.
    public var description: String { message }
}

/// One stage's handler and concurrency, ready for ``StageWorkers``.
public struct StageWorker: Sendable {
    /// The stage as declared (its name names the queue).
    public let definition: StageDefinition
    /// Entries handled at once (forced "start now" entries come on top).
    public let concurrency: Int
    /// Runs a claimed entry.
    public let handler: any StageHandler

    /// Creates a stage worker.
    public init(_ definition: StageDefinition, concurrency: Int, handler: any StageHandler) {
        self.definition = definition
        self.concurrency = concurrency
        self.handler = handler
    }
}
