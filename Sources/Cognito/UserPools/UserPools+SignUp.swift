// Self-service sign-up and passwords: SignUp, ConfirmSignUp, AdminConfirmSignUp,
// AdminSetUserPassword.
import Core
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Where a confirmation code went, masked as Cognito masks it (`a***@e***`).
public struct CodeDeliveryDetails: Sendable, Hashable {
    public var destination: String
    public var deliveryMedium: String
    public var attributeName: String

    public init(destination: String, deliveryMedium: String, attributeName: String) {
        self.destination = destination
        self.deliveryMedium = deliveryMedium
        self.attributeName = attributeName
    }
}

/// The answer to `SignUp`.
public struct SignUpResult: Sendable, Hashable {
    public var userConfirmed: Bool
    public var userSub: String
    /// Nil when the pool verifies no attribute the user has, so no code was sent.
    public var codeDelivery: CodeDeliveryDetails?
}

extension UserPools {
    /// `SignUp`: an UNCONFIRMED user, and a confirmation code in the outbox when the pool
    /// auto-verifies an address the user gave. Refused in admin-create-only pools.
    public func signUp(
        clientId: String, username: String, password: String, attributes: [UserAttribute] = [], secretHash: String? = nil
    ) throws(CognitoError) -> SignUpResult {
        let (pool, client) = try withClient(clientId) { record, client throws(CognitoError) in (record.pool, client) }
        guard !pool.allowAdminCreateUserOnly else { throw .notAuthorized("SignUp is not permitted for this user pool") }
        try client.checkSecretHash(secretHash, username: username)
        if let writable = client.writeAttributes, attributes.contains(where: { !writable.contains($0.name) }) {
            throw .notAuthorized("A client attempted to write unauthorized attribute")
        }
        let (name, given) = try Self.signInName(username, attributes: attributes, pool: pool)
        let checked = try UserAttributeRules.forCreate(given, schema: pool.schema)
        try pool.passwordPolicy.check(password)
        let hash = hashPassword(password)
        let sub = UUIDv4.make(using: random)
        let code = String(random.int(in: 0..<1_000_000) + 1_000_000).dropFirst()
        let now = clock.now()
        return try withClient(clientId) { record, _ throws(CognitoError) in
            let stored = pool.usernameAttributes.isEmpty ? name : sub
            guard record.userKey(for: username) == nil, record.users[record.canonical(stored)] == nil else {
                throw pool.usernameAttributes.isEmpty ? .userExists : .signInNameExists(username)
            }
            let user = PoolUser(
                username: stored, attributes: [UserAttribute(name: "sub", value: sub)] + checked, created: now, lastModified: now,
                enabled: true, status: .unconfirmed
            )
            var entry = StoredUser(user: user, password: hash, sequence: record.takeSequence())
            let delivery = Self.codeDestination(user, pool: pool)
            if let delivery {
                entry.confirmation = (String(code), now.addingTimeInterval(86_400))
                record.send(OutboxMessage(
                    purpose: .confirmationCode, username: stored, deliveryMedium: delivery.deliveryMedium,
                    destination: user.attributes.value(of: delivery.attributeName), code: String(code), sentAt: now
                ))
            }
            record.users[record.canonical(stored)] = entry
            record.pool.estimatedNumberOfUsers = record.users.count
            return SignUpResult(userConfirmed: false, userSub: sub, codeDelivery: delivery)
        }
    }

    /// Wrong confirmation codes a user may try before ConfirmSignUp refuses them all.
    static let confirmationAttempts = 5

    /// `ConfirmSignUp`: the code from the outbox confirms the user and verifies the address
    /// it was sent to.
    public func confirmSignUp(clientId: String, username: String, code: String, secretHash: String? = nil) throws(CognitoError) {
        let now = clock.now()
        try withClient(clientId) { record, client throws(CognitoError) in
            try client.checkSecretHash(secretHash, username: username)
            guard let key = record.userKey(for: username), var stored = record.users[key] else {
                // With PreventUserExistenceErrors a stranger's name gets the wrong-code answer,
                // so ConfirmSignUp cannot be used to learn who has signed up.
                if client.preventsUserExistenceErrors { throw .codeMismatch }
                throw .unknownUserForClient
            }
            guard stored.user.status == .unconfirmed else {
                throw .notAuthorized("User cannot be confirmed. Current status is \(stored.user.status.rawValue)")
            }
            // A six-digit code falls to guessing without a cap; after the cap even the right
            // code is refused, and only an administrator (AdminConfirmSignUp) confirms.
            guard stored.failedConfirmations < Self.confirmationAttempts else { throw .tooManyFailedAttempts }
            guard let expected = stored.confirmation, ConstantTime.equals(Array(expected.code.utf8), Array(code.utf8)) else {
                record.users[key]!.failedConfirmations += 1
                throw .codeMismatch
            }
            guard now < expected.expires else { throw .expiredCode }
            if let delivery = Self.codeDestination(stored.user, pool: record.pool) {
                stored.user.attributes.set(delivery.attributeName + "_verified", to: "true")
            }
            (stored.user.status, stored.confirmation, stored.user.lastModified) = (.confirmed, nil, now)
            record.users[key] = stored
        }
    }

    /// `AdminConfirmSignUp`: confirms without a code (and verifies nothing).
    public func adminConfirmSignUp(poolId: String, username: String) throws(CognitoError) {
        let now = clock.now()
        try withPool(poolId) { record throws(CognitoError) in
            let key = try record.requireUserKey(username)
            guard record.users[key]!.user.status == .unconfirmed else {
                throw .notAuthorized("User cannot be confirmed. Current status is \(record.users[key]!.user.status.rawValue)")
            }
            record.users[key]!.user.status = .confirmed
            record.users[key]!.confirmation = nil
            record.users[key]!.user.lastModified = now
        }
    }

    /// `AdminSetUserPassword`: a permanent password confirms the user; a temporary one puts
    /// them back to FORCE_CHANGE_PASSWORD with a fresh validity period.
    public func adminSetUserPassword(poolId: String, username: String, password: String, permanent: Bool) throws(CognitoError) {
        let pool = try describeUserPool(poolId)
        try pool.passwordPolicy.check(password)
        let hash = hashPassword(password)
        let now = clock.now()
        try withPool(poolId) { record throws(CognitoError) in
            let key = try record.requireUserKey(username)
            var stored = record.users[key]!
            stored.password = hash
            stored.user.status = permanent ? .confirmed : .forceChangePassword
            stored.temporaryPasswordExpires = permanent ? nil : now.addingTimeInterval(Double(pool.passwordPolicy.effectiveTemporaryDays * 86_400))
            stored.user.lastModified = now
            record.users[key] = stored
        }
    }

    /// Where `SignUp` sends the code: the first auto-verified attribute the user has.
    static func codeDestination(_ user: PoolUser, pool: UserPool) -> CodeDeliveryDetails? {
        for attribute in ["email", "phone_number"] where pool.autoVerifiedAttributes.contains(attribute) {
            guard let value = user.attributes.value(of: attribute) else { continue }
            return CodeDeliveryDetails(
                destination: mask(value, email: attribute == "email"), deliveryMedium: attribute == "email" ? "EMAIL" : "SMS",
                attributeName: attribute
            )
        }
        return nil
    }

    /// `alice@example.com` → `a***@e***`; `+15551234567` → `+*******4567`.
    static func mask(_ value: String, email: Bool) -> String {
        guard email else { return "+" + String(repeating: "*", count: max(0, value.count - 5)) + value.suffix(4) }
        let parts = value.split(separator: "@", maxSplits: 1)
        return parts.map { "\($0.prefix(1))***" }.joined(separator: "@")
    }
}

extension UserPoolClient {
    /// For clients with a secret: `SECRET_HASH` must be Base64(HMAC-SHA256(secret,
    /// username + client id)).
    func checkSecretHash(_ provided: String?, username: String) throws(CognitoError) {
        guard let clientSecret else { return }
        guard let provided else {
            throw .notAuthorized("Client \(clientId) is configured for secret but secret was not received")
        }
        let expected = Base64.encode(HMACSHA256Key(key: clientSecret).authenticate(username + clientId))
        guard ConstantTime.equals(Array(expected.utf8), Array(provided.utf8)) else {
            throw .notAuthorized("Unable to verify secret hash for client \(clientId)")
        }
    }
}
