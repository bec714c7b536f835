import Dispatch
import Synchronization

/// An elastic set of plain threads for blocking or unbounded work: sockets, and the lab
/// runner's checks (a regex that backtracks for hours must not hold a cooperative thread).
///
/// Every job gets a thread at once: an idle worker if there is one, else a new one. That is the
/// point: a job may sit in `poll` for the whole request timeout, and Dispatch's global pool (or
/// the cooperative pool) only grows slowly when its threads block, stalling everything queued
/// behind them. Workers are reused, so a job costs a wake-up rather than a thread's creation;
/// workers idle for `idleSeconds` exit.
public final class BlockingWorkers: Sendable {
    public typealias Job = @Sendable () -> Void

    private struct State {
        var jobs: [Job] = []
        /// Workers waiting on `wakeUp` whose slot no job has claimed yet.
        var idle = 0
    }

    private let state = Mutex(State())
    private let wakeUp = DispatchSemaphore(value: 0)
    private let idleSeconds: Double
    private let stackSize: Int?

    /// Shared by every `NetworkClient`, so threads are reused across clients.
    static let shared = BlockingWorkers(idleSeconds: 10)

    /// - Parameter stackSize: bytes of stack per worker; nil is the system's default.
    public init(idleSeconds: Double, stackSize: Int? = nil) {
        self.idleSeconds = idleSeconds
        self.stackSize = stackSize
    }

    /// Runs `job` on a worker thread as soon as possible; when no thread can be had, runs it
    /// here rather than lose it.
    public func run(_ job: @escaping Job) {
        if !start(job) { job() }
    }

    /// Runs `job` on a worker thread as soon as possible: false, and `job` not run, when
    /// there is no idle worker and no new thread can be had. For a caller that must not run
    /// the job itself (it holds a thread others wait on, and the job may run for long).
    public func start(_ job: @escaping Job) -> Bool {
        let claimedIdle = state.withLock { state in
            guard state.idle > 0 else { return false }
            state.idle -= 1
            state.jobs.append(job)
            return true
        }
        if claimedIdle {
            wakeUp.signal()
            return true
        }
        do {
            try IOThread.start(stackSize: stackSize) {
                job()
                self.work()
            }
            return true
        } catch {
            return false
        }
    }

    private func work() {
        while true {
            let next = state.withLock { state -> Job? in
                state.jobs.isEmpty ? nil : state.jobs.removeFirst()
            }
            if let next {
                next()
                continue
            }
            state.withLock { $0.idle += 1 }
            if wakeUp.wait(timeout: .now() + idleSeconds) == .timedOut {
                // Leave only if our slot is still unclaimed; otherwise a signal is on its way.
                let leave = state.withLock { state in
                    guard state.idle > 0 else { return false }
                    state.idle -= 1
                    return true
                }
                if leave { return }
                wakeUp.wait()
            }
        }
    }
}
