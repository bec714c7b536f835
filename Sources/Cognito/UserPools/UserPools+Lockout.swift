// Throttling password guesses as Cognito does: five wrong passwords are free, then each
// further one locks the user out for twice as long as the last, from 1 second up to 15 minutes.
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// One user's recent wrong passwords (sign-in and ChangePassword's `PreviousPassword`).
///
/// Cognito's developer guide: five failed attempts are allowed; after that a temporary lock
/// starts at 1 second and doubles with each failure up to about 15 minutes; attempts during a
/// lock are ignored; a correct password resets the count, and so do 15 quiet minutes. Here the
/// quiet minutes count from the end of the last lock, so waiting out a lock does not by itself
/// earn five free guesses again.
struct SignInThrottle: Sendable, Equatable {
    /// Consecutive wrong passwords, capped so that it can never overflow.
    private(set) var failures = 0
    /// The last wrong password, or the end of the lock it earned if later.
    private(set) var quietSince: Date?
    private(set) var lockedUntil: Date?

    static let freeAttempts = 5
    static let longestLock = 900.0
    static let quietReset = 900.0

    /// Whether password attempts are refused at `now`.
    func isLocked(at now: Date) -> Bool {
        lockedUntil.map { now < $0 } ?? false
    }

    /// Counts a wrong password at `now`, locking once the free attempts are used up.
    mutating func recordFailure(at now: Date) {
        if let quietSince, now.timeIntervalSince(quietSince) >= Self.quietReset { self = SignInThrottle() }
        failures = min(failures + 1, 64)
        quietSince = now
        guard failures >= Self.freeAttempts else { return }
        let exponent = min(failures - Self.freeAttempts, 20)
        let lock = min(Double(1 << exponent), Self.longestLock)
        lockedUntil = now.addingTimeInterval(lock)
        quietSince = lockedUntil
    }

    /// A correct password: the count starts again.
    mutating func reset() {
        self = SignInThrottle()
    }
}

extension CognitoError {
    /// `NotAuthorizedException` for a sign-in during a lock.
    static var passwordAttemptsExceeded: CognitoError {
        .notAuthorized("Password attempts exceeded")
    }

    /// `LimitExceededException` for ChangePassword during a lock, and for codes guessed at
    /// too often.
    static var attemptLimitExceeded: CognitoError {
        CognitoError(code: "LimitExceededException", message: "Attempt limit exceeded, please try after some time.")
    }
}
