// A pool's users as the API shows them, and what the engine keeps beside them.
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// `UserStatus`: where a user is in their life cycle.
public enum UserStatus: String, Sendable, Hashable {
    /// Signed up, not yet confirmed: cannot sign in.
    case unconfirmed = "UNCONFIRMED"
    case confirmed = "CONFIRMED"
    /// Created by an administrator: the first sign-in must set a new password.
    case forceChangePassword = "FORCE_CHANGE_PASSWORD"
}

/// A user as `AdminGetUser` and `ListUsers` show it.
public struct PoolUser: Sendable, Hashable {
    public var username: String
    /// `sub` first, then the others in the order they were set.
    public var attributes: [UserAttribute]
    public var created: Date
    public var lastModified: Date
    public var enabled: Bool
    public var status: UserStatus

    /// The user's immutable id (a UUID).
    public var sub: String { attributes.value(of: "sub") ?? "" }
}

/// Where a pool's messages go besides its outbox: called with the pool's id and the message.
public typealias MessageDelivery = @Sendable (_ poolId: String, _ message: OutboxMessage) -> Void

/// A message the pool would have sent: an invitation with a temporary password, or a
/// confirmation code. Kept in the pool's outbox instead, for tests and labs to read.
public struct OutboxMessage: Sendable, Hashable {
    public enum Purpose: String, Sendable, Hashable {
        /// `AdminCreateUser`'s invitation: user name and temporary password.
        case invitation
        /// `SignUp`'s confirmation code.
        case confirmationCode
        /// A code that verifies an email address or phone number (`UpdateUserAttributes`,
        /// `GetUserAttributeVerificationCode`).
        case verificationCode
        /// `ForgotPassword`'s code, for `ConfirmForgotPassword`.
        case passwordReset
    }

    public var purpose: Purpose
    public var username: String
    /// `EMAIL` or `SMS`.
    public var deliveryMedium: String
    /// The address or number it went to; nil when the user has none for that medium.
    public var destination: String?
    public var temporaryPassword: String?
    public var code: String?
    public var sentAt: Date

    public init(
        purpose: Purpose, username: String, deliveryMedium: String, destination: String?, temporaryPassword: String? = nil,
        code: String? = nil, sentAt: Date
    ) {
        self.purpose = purpose
        self.username = username
        self.deliveryMedium = deliveryMedium
        self.destination = destination
        self.temporaryPassword = temporaryPassword
        self.code = code
        self.sentAt = sentAt
    }
}

/// A user with their secrets: what the engine stores.
struct StoredUser: Sendable {
    var user: PoolUser
    var password: PasswordHash
    /// Set while the password is temporary (status FORCE_CHANGE_PASSWORD).
    var temporaryPasswordExpires: Date?
    /// The code `SignUp` sent, and when it stops working.
    var confirmation: (code: String, expires: Date)?
    /// Wrong codes tried against ``confirmation``; capped by ConfirmSignUp.
    var failedConfirmations = 0
    /// Creation order, for stable pagination.
    var sequence: Int
    /// The groups the user belongs to, in the order added: the ID and access tokens'
    /// `cognito:groups`.
    var groups: [String] = []
    /// The sign-ins whose tokens still work, by `origin_jti`, with when the last token one
    /// of them can issue expires. GlobalSignOut empties it; RevokeToken removes one.
    var signIns: [String: Date] = [:]
    /// Wrong passwords and the lock they earned.
    var throttle = SignInThrottle()
    /// The code `ForgotPassword` sent.
    var passwordReset: IssuedCode?
    /// Codes sent to verify `email` or `phone_number`, by attribute name.
    var verificationCodes: [String: IssuedCode] = [:]
}
