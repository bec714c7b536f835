import Foundation
import HTTP

/// A task executor with a thread of its own, one per submission being graded.
///
/// An embedded backend computes in place: a request's handlers (policy evaluation, table
/// scans, the app's services) run on whatever thread sends it and never wait on anything a
/// deadline could cancel. On the cooperative pool, a submission whose policy takes a minute
/// to evaluate would hold one of its few threads (two on a two-core machine) past its timeout,
/// and two such submissions would stall every other participant and the deadline timers with
/// them. Running each submission's work here instead leaves the pool free: a submission that
/// outlives its timeout keeps only its own thread busy (the operating system shares the cores
/// fairly among threads) while the class goes on, and it stops at its next request once
/// cancelled (``Deadline``).
final class SubmissionExecutor: TaskExecutor, @unchecked Sendable {
    /// The threads submission executors run on; 8 MiB stacks, as the checks' threads have,
    /// since JSON nesting and expression parsing recurse.
    private static let threads = BlockingWorkers(idleSeconds: 10, stackSize: 8 << 20)

    // Guarded by `condition`.
    private let condition = NSCondition()
    private var jobs: [UnownedJob] = []
    private var next = 0
    private var looping = false
    private var finished = false

    init() {}

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        condition.lock()
        jobs.append(job)
        let start = !looping
        looping = true
        condition.signal()
        condition.unlock()
        if start { Self.threads.run { self.loop() } }
    }

    /// Lets the executor's thread go once it has run what is queued: the submission's work
    /// has ended. A job arriving later still runs, on a thread started for it.
    func finish() {
        condition.lock()
        finished = true
        condition.signal()
        condition.unlock()
    }

    private func loop() {
        let executor = asUnownedTaskExecutor()
        condition.lock()
        while true {
            if next < jobs.count {
                let job = jobs[next]
                next += 1
                if next == jobs.count {
                    jobs.removeAll(keepingCapacity: true)
                    next = 0
                }
                condition.unlock()
                job.runSynchronously(on: executor)
                condition.lock()
            } else if finished {
                looping = false
                condition.unlock()
                return
            } else {
                condition.wait()
            }
        }
    }
}
