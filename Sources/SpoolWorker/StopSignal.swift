import SpoolCore
import SpoolQueue

/// A one-shot signal that tells a running stage to stop, and why.
public typealias StopSignal = OneShotSignal<StopReason>
