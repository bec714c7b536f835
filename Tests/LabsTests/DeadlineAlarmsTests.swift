@testable import Labs
import Synchronization
import Testing

/// The shared alarm thread behind the runner's request timeouts.
@Suite struct DeadlineAlarmsTests {
    @Test func anAlarmGoesOffAtItsDeadlineAndADisarmedOneNever() async throws {
        let fired = Mutex<[String]>([])
        let alarms = DeadlineAlarms.shared
        let late = alarms.arm(at: .now + .seconds(120)) { fired.withLock { $0.append("late") } }
        let disarmed = alarms.arm(at: .now + .milliseconds(50)) { fired.withLock { $0.append("disarmed") } }
        alarms.disarm(disarmed)
        // Armed after a later one, so the thread must be woken to honour it.
        _ = alarms.arm(at: .now + .milliseconds(20)) { fired.withLock { $0.append("soon") } }
        let start = ContinuousClock.now
        while fired.withLock({ $0.isEmpty }), ContinuousClock.now - start < .seconds(30) {
            try await Task.sleep(for: .milliseconds(5))
        }
        try await Task.sleep(for: .milliseconds(100))
        alarms.disarm(late)
        #expect(fired.withLock { $0 } == ["soon"])
    }

    @Test func theFirstToSettleARaceWins() {
        let finished = DeadlineRace()
        #expect(finished.finish())
        #expect(!finished.expire())
        #expect(!finished.expired)
        let expired = DeadlineRace()
        #expect(expired.expire())
        #expect(!expired.finish())
        #expect(expired.expired)
    }
}
