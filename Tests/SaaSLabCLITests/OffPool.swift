import Foundation

/// Runs blocking work (waiting for a process, reading its output to the end) on a thread of
/// its own and awaits it: a test that blocks one of Swift's few shared threads (two on a
/// two-core machine) for the seconds a process runs stalls every other test's awaits, and
/// tests with deadlines then fail for no fault of their own.
func offPool<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread.detachNewThread {
            continuation.resume(with: Result { try work() })
        }
    }
}
