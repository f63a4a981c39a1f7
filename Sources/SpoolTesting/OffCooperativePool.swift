import Foundation

/// Runs blocking work — a child process waited for, a blocking socket read — on a thread of its
/// own, and awaits its result.
///
/// Swift concurrency's cooperative pool has one thread per core, and every test of the process runs
/// on it: a test that blocks a pool thread (say, while `python3` starts on a busy machine) stalls
/// all the others, and on two cores two such tests stall everything, so unrelated tests time out.
public func offCooperativePool<Result: Sendable>(_ work: @escaping @Sendable () throws -> Result) async throws -> Result {
    try await withCheckedThrowingContinuation { continuation in
        Thread { continuation.resume(with: Swift.Result { try work() }) }.start()
    }
}
