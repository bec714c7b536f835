/// Wall-clock time as an injectable dependency, so signing, expiry and token lifetimes
/// can be tested at fixed instants and stepped forward on demand.
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Synchronization

/// A source of the current date.
public protocol WallClock: Sendable {
    /// The current instant.
    func now() -> Date

    /// A clock showing this one's time that moves on its own from now on: a manual clock
    /// hands out a new manual clock, the system clock itself. Copying a backend copies its
    /// clock this way.
    func copy() -> any WallClock
}

/// The real system clock.
public struct SystemClock: WallClock {
    /// The system clock; it holds no state.
    public init() {}

    /// The current system time.
    public func now() -> Date { Date() }

    /// The system clock again: every copy shows the real time.
    public func copy() -> any WallClock { self }
}

/// A clock that stands still until told to move: for tests and deterministic lab runs.
///
/// Thread-safe: reads and moves are serialised by a `Mutex`, so concurrent tasks see
/// one consistent time.
public final class ManualClock: WallClock {
    private let current: Mutex<Date>

    /// A clock showing `start`.
    public init(start: Date) {
        current = Mutex(start)
    }

    /// The time the clock was last set or advanced to.
    public func now() -> Date {
        current.withLock { $0 }
    }

    /// Moves the clock by `seconds`, which may be negative (to test clock skew).
    public func advance(by seconds: Double) {
        current.withLock { $0 = $0.addingTimeInterval(seconds) }
    }

    /// A manual clock showing this one's time, moved independently from now on.
    public func copy() -> any WallClock {
        ManualClock(start: now())
    }

    /// Sets the clock to `date`.
    public func set(_ date: Date) {
        current.withLock { $0 = date }
    }
}
