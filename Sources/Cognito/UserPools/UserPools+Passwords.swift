// Hashing passwords (counted, and spent the same way whether or not the user exists), and the
// user's own password operations: ChangePassword, ForgotPassword, ConfirmForgotPassword.
import Core
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension UserPools {
    /// How many PBKDF2 derivations this engine has computed: one per password hashed or
    /// checked, the decoy checks included. Tests compare paths by it, rather than by time.
    public var passwordHashesComputed: Int {
        passwordHashes.load(ordering: .relaxed)
    }

    /// `password` hashed under a fresh salt.
    func hashPassword(_ password: String) -> PasswordHash {
        passwordHashes.add(1, ordering: .relaxed)
        return PasswordHash.make(password, iterations: passwordIterations, random: random)
    }

    /// Whether `password` matches `hash`. Without a hash (no such user, or a user locked out)
    /// a decoy is checked instead and the answer is false: every path does one derivation,
    /// so the time taken does not tell who exists.
    func passwordMatches(_ password: String, _ hash: PasswordHash?) -> Bool {
        passwordHashes.add(1, ordering: .relaxed)
        let matched = (hash ?? decoy).matches(password)
        return hash != nil && matched
    }

    /// A hash no password matches, at the engine's iteration count.
    private var decoy: PasswordHash {
        PasswordHash(salt: Array(repeating: 0, count: PasswordHash.saltLength), iterations: passwordIterations, digest: [])
    }

    /// `ChangePassword`: the signed-in user replaces their password, proving the previous one.
    /// A wrong previous password counts towards the sign-in lock ("Incorrect username or
    /// password."); while locked, `LimitExceededException`. The proposed password must meet the
    /// pool's policy. Tokens already issued keep working, as in Cognito.
    public func changePassword(accessToken: String, previousPassword: String, proposedPassword: String) throws(CognitoError) {
        let now = clock.now()
        let (poolId, key, sub, hash, policy, locked) = try withAccessToken(accessToken) { record, key, _ throws(CognitoError) in
            let stored = record.users[key]!
            return (record.pool.id, key, stored.user.sub, stored.password, record.pool.passwordPolicy, stored.throttle.isLocked(at: now))
        }
        try policy.check(proposedPassword, member: "proposedPassword")
        guard passwordMatches(previousPassword, locked ? nil : hash) else {
            if locked { throw .attemptLimitExceeded }
            try withPool(poolId) { record throws(CognitoError) in
                if record.users[key]?.user.sub == sub { record.users[key]!.throttle.recordFailure(at: now) }
            }
            throw .incorrectCredentials
        }
        let newHash = hashPassword(proposedPassword)
        try withPool(poolId) { record throws(CognitoError) in
            // Checked again: the user or their password may have changed meanwhile.
            guard var stored = record.users[key], stored.user.sub == sub, stored.password == hash else { throw .incorrectCredentials }
            (stored.password, stored.user.lastModified) = (newHash, now)
            stored.throttle.reset()
            record.users[key] = stored
        }
    }

    /// `ForgotPassword`: a reset code, valid one hour, to the user's verified email (else
    /// verified phone number), for ConfirmForgotPassword; it inherits the wrong guesses of an
    /// earlier code still valid, and after five of them `LimitExceededException` until that
    /// code expires. With `PreventUserExistenceErrors`
    /// an unknown or disabled user gets a plausible delivery and nothing is sent; without it,
    /// `UserNotFoundException`. A user with no verified address cannot reset.
    public func forgotPassword(clientId: String, username: String, secretHash: String? = nil) throws(CognitoError) -> CodeDeliveryDetails {
        let now = clock.now()
        let code = newCode()
        return try withClient(clientId) { record, client throws(CognitoError) in
            try client.checkSecretHash(secretHash, username: username)
            guard let key = record.userKey(for: username), let stored = record.users[key], stored.user.enabled else {
                if client.preventsUserExistenceErrors { return Self.simulatedDelivery(for: username, pool: record.pool) }
                if record.userKey(for: username) != nil { throw .userDisabled }
                throw .unknownUserForClient
            }
            guard stored.user.status != .forceChangePassword else {
                throw .notAuthorized("User password cannot be reset in the current state.")
            }
            let verified = ["email", "phone_number"].first { stored.user.attributes.value(of: $0 + "_verified") == "true" }
            guard let attribute = verified, let delivery = Self.delivery(of: attribute, to: stored.user) else {
                throw .invalidParameter("Cannot reset password for the user as there is no registered/verified email or phone_number")
            }
            // A new code buys no new guesses: it takes over the wrong ones of a code still
            // valid, and none is sent while those are used up (until that code expires), so
            // asking again and again cannot turn five guesses per hour into unlimited ones.
            var issued = IssuedCode(code: code, expires: now.addingTimeInterval(3600), value: nil)
            if let previous = stored.passwordReset, now < previous.expires {
                guard previous.failures < IssuedCode.attempts else { throw .attemptLimitExceeded }
                issued.failures = previous.failures
            }
            record.users[key]!.passwordReset = issued
            record.send(OutboxMessage(
                purpose: .passwordReset, username: stored.user.username, deliveryMedium: delivery.deliveryMedium,
                destination: stored.user.attributes.value(of: attribute), code: code, sentAt: now
            ))
            return delivery
        }
    }

    /// `ConfirmForgotPassword`: the code from the outbox sets a new password (checked against
    /// the policy) and clears the sign-in lock. Wrong codes are `CodeMismatchException`, and
    /// after five of them even the right one is refused; a code past its hour is
    /// `ExpiredCodeException`. With `PreventUserExistenceErrors` an unknown user gets the
    /// wrong-code answer.
    public func confirmForgotPassword(
        clientId: String, username: String, code: String, password: String, secretHash: String? = nil
    ) throws(CognitoError) {
        let policy = try withClient(clientId) { record, _ throws(CognitoError) in record.pool.passwordPolicy }
        try policy.check(password)
        let now = clock.now()
        // The code is checked before the slow hash, so a wrong guess costs no PBKDF2.
        let (key, issued) = try withClient(clientId) { record, client throws(CognitoError) in
            try client.checkSecretHash(secretHash, username: username)
            guard let key = record.userKey(for: username) else {
                throw client.preventsUserExistenceErrors ? .codeMismatch : .unknownUserForClient
            }
            guard var issued = record.users[key]!.passwordReset else { throw .codeMismatch }
            do throws(CognitoError) {
                try issued.check(code, at: now)
            } catch {
                record.users[key]!.passwordReset = issued
                throw error
            }
            return (key, issued)
        }
        let hash = hashPassword(password)
        try withClient(clientId) { record, _ throws(CognitoError) in
            // Spent once: a second use, or a code replaced meanwhile, no longer matches.
            guard var stored = record.users[key], stored.passwordReset == issued else { throw .codeMismatch }
            (stored.password, stored.passwordReset, stored.user.lastModified) = (hash, nil, now)
            stored.throttle.reset()
            record.users[key] = stored
        }
    }
}

extension CognitoError {
    /// `UserNotFoundException` from the unsigned operations that name a user and a client.
    static var unknownUserForClient: CognitoError {
        CognitoError(code: "UserNotFoundException", message: "Username/client id combination not found.")
    }
}
