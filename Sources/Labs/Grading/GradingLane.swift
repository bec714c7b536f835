import Dispatch
import Foundation
import HTTP
import Synchronization

/// One of `grade`'s lanes: a thread that grades one submission after another, each
/// submission's work included, and is replaced when a submission's work outlives its timeout.
///
/// An embedded backend computes in place: a request's handlers (policy evaluation, table
/// scans, the app's services) run on whatever thread sends it and never wait on anything a
/// deadline could cancel. On the cooperative pool, a submission whose policy takes a minute
/// to evaluate would hold one of its few threads (two on a two-core machine) past its timeout,
/// and two such submissions would stall every other participant. So a lane's tasks prefer the
/// lane's own thread, and when a submission's time is up while its work still computes there,
/// the lane moves on to a fresh thread and leaves the old one to the abandoned work (the
/// operating system shares the cores fairly among threads); cancelled, that work stops at its
/// next embedded request.
///
/// The same thread runs the lane's bookkeeping and every submission's work, one after another.
/// Handing each submission to a thread of its own woke a thread while both cores were busy;
/// Linux queued it behind the other lane's thread and left the freed core idle for
/// milliseconds, a tenth of a class's time on two cores.
final class GradingLane: Sendable {
    /// Where the lane's own tasks run: the lane's current thread.
    let executor: LaneExecutor

    init() {
        executor = LaneExecutor(on: LaneThread())
    }

    /// An executor for one submission's work, on the lane's current thread.
    func workExecutor() -> LaneExecutor {
        LaneExecutor(on: executor.thread)
    }

    /// The work on `work` is past its deadline: if it is on the lane's thread, the lane takes a
    /// fresh one (with the lane's jobs queued behind the work) and the old thread is left to
    /// the work, ending once it has run what is queued.
    func abandon(_ work: LaneExecutor) {
        executor.move(from: work.thread)
    }

    /// The class is graded: the lane's thread ends once it has run what is queued.
    func close() {
        executor.thread.close()
    }
}

/// A task executor whose jobs run on a ``LaneThread``: a lane's own (which the lane may
/// replace), or one submission's work (which stays on the thread it started on).
final class LaneExecutor: TaskExecutor, Sendable {
    private let current: Mutex<LaneThread>

    /// An executor running its jobs on `thread`.
    init(on thread: LaneThread) {
        current = Mutex(thread)
    }

    /// The thread its jobs go to now.
    var thread: LaneThread { current.withLock { $0 } }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        // Queued under the lock, so a job cannot land on a thread after ``move(from:)`` has
        // taken that thread's jobs away (the lock order is executor, then thread).
        current.withLock { thread in thread.enqueue(job, on: self) }
    }

    /// When jobs go to `stuck`, sends them and every later one to a fresh thread instead, and
    /// lets `stuck` end once it has run what remains queued there.
    fileprivate func move(from stuck: LaneThread) {
        current.withLock { thread in
            guard thread === stuck else { return }
            let fresh = LaneThread()
            for job in stuck.take(of: self) { fresh.enqueue(job, on: self) }
            thread = fresh
            stuck.close()
        }
    }
}

/// A plain thread running the jobs queued for it in order, each on the executor it was sent
/// to. It starts with the first job and, once closed, ends when nothing is queued; a job sent
/// after that still runs, on a thread started for it.
final class LaneThread: @unchecked Sendable {
    /// The threads lanes run on; 8 MiB stacks, as the checks' threads have, since JSON
    /// nesting and expression parsing recurse.
    private static let threads = BlockingWorkers(idleSeconds: 10, stackSize: 8 << 20)

    // Guarded by `condition`.
    private let condition = NSCondition()
    private var jobs: [(job: UnownedJob, executor: LaneExecutor)] = []
    private var next = 0
    private var looping = false
    private var closed = false

    init() {}

    func enqueue(_ job: UnownedJob, on executor: LaneExecutor) {
        condition.lock()
        jobs.append((job, executor))
        let start = !looping
        looping = true
        condition.signal()
        condition.unlock()
        // Never run here when no thread can be had: this may be the deadline thread (an
        // alarm moving a lane), and a loop lasts until its lane closes. Dispatch's pool then
        // runs it once one of its threads is free.
        if start, !Self.threads.start({ self.loop() }) {
            DispatchQueue.global().async { self.loop() }
        }
    }

    /// Takes back the queued jobs sent to `executor`, in order, to run them elsewhere.
    func take(of executor: LaneExecutor) -> [UnownedJob] {
        condition.lock()
        defer { condition.unlock() }
        var taken: [UnownedJob] = []
        var kept: [(job: UnownedJob, executor: LaneExecutor)] = []
        for entry in jobs[next...] {
            if entry.executor === executor { taken.append(entry.job) } else { kept.append(entry) }
        }
        jobs = kept
        next = 0
        return taken
    }

    /// Lets the thread go once it has run what is queued.
    func close() {
        condition.lock()
        closed = true
        condition.signal()
        condition.unlock()
    }

    private func loop() {
        condition.lock()
        while true {
            if next < jobs.count {
                let entry = jobs[next]
                next += 1
                if next == jobs.count {
                    jobs.removeAll(keepingCapacity: true)
                    next = 0
                }
                condition.unlock()
                entry.job.runSynchronously(on: entry.executor.asUnownedTaskExecutor())
                condition.lock()
            } else if closed {
                looping = false
                condition.unlock()
                return
            } else {
                condition.wait()
            }
        }
    }
}
