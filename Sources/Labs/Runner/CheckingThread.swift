import Foundation
import HTTP
import Synchronization

/// Runs an entry's CPU-bound work (building the request, reading the workspace, checking the
/// response) on a thread of its own, and gives up on it at the step's deadline.
///
/// A lab's regex can backtrack for hours (`/^(a+)+$/` on `aaaa…!`) and Swift's `Regex` cannot
/// be cancelled, so the only way to keep the deadline is to stop waiting. The work runs on a
/// plain thread (one of ``workers``), not in a task: abandoned work left on the cooperative pool would take one of its
/// few threads for good, and under `grade` a handful of hostile submissions would starve every
/// other participant. An abandoned thread still burns a core until it ends; the regex input cap
/// (``ResponseChecker/regexTextLimit``) keeps that bounded for reasonable patterns.
enum CheckingThread {
    /// The stack of a checking thread: regex backtracking and JSON nesting recurse.
    static let stackSize = 8 << 20
    /// Threads kept for checks and reused: a lab run checks a hundred-odd entries, and a new
    /// thread for each was most of a run's time. A thread stuck in a regex simply stays busy;
    /// the next check gets another.
    static let workers = BlockingWorkers(idleSeconds: 10, stackSize: stackSize)

    /// `work`'s result, or nil when `deadline` passed first (the thread is then abandoned).
    static func run<T: Sendable>(until deadline: ContinuousClock.Instant, _ work: @escaping @Sendable () -> T) async -> T? {
        let remaining = ContinuousClock.now.duration(to: deadline)
        guard remaining > .zero else { return nil }
        return await withCheckedContinuation { continuation in
            let once = FirstResume<T?>(continuation)
            let timer = Task {
                try? await Task.sleep(for: remaining)
                once.resume(nil)
            }
            workers.run {
                once.resume(work())
                // The timer only matters while the work runs: free it now.
                timer.cancel()
            }
        }
    }
}

/// A continuation resumed by whichever racer comes first; later calls do nothing.
final class FirstResume<T: Sendable>: Sendable {
    private let continuation: Mutex<CheckedContinuation<T, Never>?>

    init(_ continuation: CheckedContinuation<T, Never>) {
        self.continuation = Mutex(continuation)
    }

    func resume(_ value: T) {
        continuation.withLock { $0.take() }?.resume(returning: value)
    }
}
