/// Holds a queue's processor back from claiming new entries while it is closed (a download queue
/// paused because the disk is full); running entries are not affected.
public protocol ClaimGate: Sendable {
    /// Whether the processor may claim now. Called before every claim, so an implementation may
    /// also look again at what closed it (free disk space) and open itself.
    func mayClaim() async -> Bool
}
