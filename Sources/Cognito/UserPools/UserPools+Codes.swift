// One-time codes a user types back: password reset and address verification. Each is sent to
// the outbox, expires, and refuses guessing after a few wrong tries.
import Core
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A six-digit code sent to a user, and what it may still be used for.
struct IssuedCode: Sendable, Equatable {
    let code: String
    let expires: Date
    /// The address it was sent to, for verification codes: a code verifies that value only.
    let value: String?
    /// Wrong codes tried against it.
    var failures = 0

    /// Wrong codes allowed before even the right one is refused.
    static let attempts = 5

    /// Throws unless `given` is this code, still valid at `now`: `CodeMismatchException`
    /// (counted), then `LimitExceededException` once guessed at too often, or
    /// `ExpiredCodeException`.
    mutating func check(_ given: String, at now: Date) throws(CognitoError) {
        guard failures < Self.attempts else { throw .attemptLimitExceeded }
        guard ConstantTime.equals(Array(code.utf8), Array(given.utf8)) else {
            failures += 1
            throw .codeMismatch
        }
        guard now < expires else { throw .expiredCode }
    }
}

extension UserPools {
    /// A fresh six-digit code, leading zeros kept.
    func newCode() -> String {
        String(String(random.int(in: 0..<1_000_000) + 1_000_000).dropFirst())
    }

    /// Where a code for `attribute` (`email` or `phone_number`) of `user` goes, masked.
    static func delivery(of attribute: String, to user: PoolUser) -> CodeDeliveryDetails? {
        guard let value = user.attributes.value(of: attribute) else { return nil }
        let email = attribute == "email"
        return CodeDeliveryDetails(destination: mask(value, email: email), deliveryMedium: email ? "EMAIL" : "SMS", attributeName: attribute)
    }

    /// What Cognito answers, with `PreventUserExistenceErrors`, for a user who does not exist:
    /// a code "sent" to an address that looks like one, the same every time for one name, by
    /// the medium the name suggests (or the pool's first auto-verified one).
    static func simulatedDelivery(for username: String, pool: UserPool) -> CodeDeliveryDetails {
        let digest = SHA256.hash(username)
        let phone = username.hasPrefix("+") || (!username.contains("@") && pool.autoVerifiedAttributes.first == "phone_number")
        if phone {
            let digits = digest.prefix(4).map { String($0 % 10) }.joined()
            return CodeDeliveryDetails(destination: "+*******" + digits, deliveryMedium: "SMS", attributeName: "phone_number")
        }
        let letters = Array("abcdefghijklmnopqrstuvwxyz")
        let local = username.contains("@") ? String(username.prefix(1)) : String(letters[Int(digest[0]) % 26])
        let destination = "\(local)***@\(letters[Int(digest[1]) % 26])***"
        return CodeDeliveryDetails(destination: destination, deliveryMedium: "EMAIL", attributeName: "email")
    }
}

extension UserPools.PoolRecord {
    /// Sends `code` to the user `key`'s `attribute` and remembers it for VerifyUserAttribute
    /// (valid 24 hours, for the value it went to).
    mutating func sendVerificationCode(_ code: String, key: String, attribute: String, at now: Date) -> CodeDeliveryDetails? {
        guard let user = users[key]?.user, let delivery = UserPools.delivery(of: attribute, to: user) else { return nil }
        let value = user.attributes.value(of: attribute)
        var issued = IssuedCode(code: code, expires: now.addingTimeInterval(86_400), value: value)
        // As with password resets, a new code buys no new guesses: it takes over the wrong
        // ones of the attribute's code still valid, so asking again (or setting the address
        // again) cannot turn five guesses a day into unlimited ones.
        if let previous = users[key]!.verificationCodes[attribute], now < previous.expires {
            issued.failures = previous.failures
        }
        users[key]!.verificationCodes[attribute] = issued
        send(OutboxMessage(
            purpose: .verificationCode, username: user.username, deliveryMedium: delivery.deliveryMedium, destination: value,
            code: code, sentAt: now
        ))
        return delivery
    }
}
