import SpoolCore
import SpoolQueue

extension EntryMove {
    /// The queue move of a job's move (`QueueMove` is the API's name for the same four moves).
    public init(_ move: QueueMove) {
        switch move {
        case .top: self = .top
        case .up: self = .up
        case .down: self = .down
        case .bottom: self = .bottom
        }
    }
}
