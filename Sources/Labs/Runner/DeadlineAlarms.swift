import Foundation
import Synchronization

/// Actions run at deadlines by one shared thread: the runner's timeout for every request it
/// sends.
///
/// A sleeping task per request (a dispatch timer armed, then cancelled, and a task woken for
/// each) was a fifth of a lab run's time. Here arming is a dictionary insert under a lock and
/// disarming a removal; the thread is woken only when a new deadline comes before the one it
/// sleeps until (or it sleeps with nothing to wait for), which for a run's requests, all
/// bound by deadlines seconds away, is rare. In-flight requests are few (one per lab being
/// run), so finding the earliest deadline is a scan.
final class DeadlineAlarms: @unchecked Sendable {
    /// The process-wide alarms, on a thread started at the first use.
    static let shared = DeadlineAlarms()

    // Everything below is guarded by `condition`.
    private let condition = NSCondition()
    private var alarms: [UInt64: (deadline: ContinuousClock.Instant, action: @Sendable () -> Void)] = [:]
    private var nextID: UInt64 = 0
    private var started = false
    /// When the thread will wake by itself; nil while it waits without a deadline.
    private var wakesAt: ContinuousClock.Instant?

    /// Runs `action` on the alarm thread at `deadline`, unless ``disarm(_:)`` comes first.
    /// The action must be quick (it cancels a task, sets a flag): alarms due after it wait.
    func arm(at deadline: ContinuousClock.Instant, _ action: @escaping @Sendable () -> Void) -> UInt64 {
        condition.lock()
        defer { condition.unlock() }
        nextID += 1
        alarms[nextID] = (deadline, action)
        if !started {
            started = true
            let thread = Thread { [self] in run() }
            thread.name = "saaslab-deadlines"
            thread.start()
        } else if wakesAt.map({ deadline < $0 }) ?? true {
            condition.signal()
        }
        return nextID
    }

    /// Forgets the alarm `id`; nothing happens if it has already gone off.
    func disarm(_ id: UInt64) {
        condition.lock()
        alarms[id] = nil
        condition.unlock()
    }

    private func run() {
        condition.lock()
        while true {
            let now = ContinuousClock.now
            var due: [@Sendable () -> Void] = []
            var earliest: ContinuousClock.Instant?
            for (id, alarm) in alarms {
                if alarm.deadline <= now {
                    due.append(alarm.action)
                    alarms[id] = nil
                } else if earliest.map({ alarm.deadline < $0 }) ?? true {
                    earliest = alarm.deadline
                }
            }
            if !due.isEmpty {
                condition.unlock()
                for action in due { action() }
                condition.lock()
                continue
            }
            // With nothing armed, keep sleeping until the last deadline rather than without
            // one: requests sent one after another then arm without waking this thread.
            if let until = earliest ?? wakesAt.flatMap({ $0 > now ? $0 : nil }) {
                wakesAt = until
                _ = condition.wait(until: Date(timeIntervalSinceNow: Self.seconds(now.duration(to: until))))
            } else {
                wakesAt = nil
                condition.wait()
            }
        }
    }

    private static func seconds(_ duration: Duration) -> TimeInterval {
        let (seconds, attoseconds) = duration.components
        return TimeInterval(seconds) + TimeInterval(attoseconds) / 1e18
    }
}

/// Who settled a request raced against its deadline: the request finishing, or the deadline
/// (or the run being cancelled) first. The first to settle it wins; later calls lose.
final class DeadlineRace: Sendable {
    private enum State { case running, finished, expired }
    private let state = Mutex(State.running)

    /// The request finished: true unless the deadline had already won.
    @discardableResult
    func finish() -> Bool { settle(as: .finished) }

    /// The deadline passed or the run was cancelled: true when that came first.
    @discardableResult
    func expire() -> Bool { settle(as: .expired) }

    /// Whether the deadline won.
    var expired: Bool { state.withLock { $0 == .expired } }

    private func settle(as outcome: State) -> Bool {
        state.withLock { state in
            guard state == .running else { return false }
            state = outcome
            return true
        }
    }
}
