import Cognito
import Core
import Foundation
import Testing

/// ForgotPassword and ConfirmForgotPassword, the sign-in lock, and the equal work of every
/// sign-in path.
@Suite struct UserPoolPasswordRecoveryTests {
    static let codeMismatch = CognitoError(code: "CodeMismatchException", message: "Invalid verification code provided, please try again.")
    static let expiredCode = CognitoError(code: "ExpiredCodeException", message: "Invalid code provided, please request a code again.")
    static let limitExceeded = CognitoError(code: "LimitExceededException", message: "Attempt limit exceeded, please try after some time.")
    static let incorrect = CognitoError.notAuthorized("Incorrect username or password.")
    static let attemptsExceeded = CognitoError.notAuthorized("Password attempts exceeded")
    static let unknownForClient = CognitoError(code: "UserNotFoundException", message: "Username/client id combination not found.")
    static let reset = "Re5et-Passw0rd!"

    /// The bootcamp pool, its client (`prevent` is its PreventUserExistenceErrors), and
    /// alice confirmed with a verified email.
    private func confirmedAlice(prevent: String = "ENABLED") throws -> (UserPoolFixture, UserPool, UserPoolClient) {
        let fixture = UserPoolFixture()
        let pool = try fixture.bootcampPool()
        let client = try fixture.passwordClient(pool) { $0.preventUserExistenceErrors = prevent }
        try fixture.tenantAdmin(pool)
        _ = try fixture.firstSignIn(client)
        try fixture.pools.adminUpdateUserAttributes(poolId: pool.id, username: "alice", attributes: [UserAttribute(name: "email_verified", value: "true")])
        return (fixture, pool, client)
    }

    private func lastCode(_ fixture: UserPoolFixture, _ pool: UserPool) throws -> String {
        let message = try #require(try fixture.pools.outbox(poolId: pool.id).last)
        #expect(message.purpose == .passwordReset)
        return try #require(message.code)
    }

    // MARK: - ForgotPassword

    @Test func aResetCodeSetsANewPasswordOnce() throws {
        let (fixture, pool, client) = try confirmedAlice()
        let delivery = try fixture.pools.forgotPassword(clientId: client.clientId, username: "alice")
        #expect(delivery == CodeDeliveryDetails(destination: "a***@e***", deliveryMedium: "EMAIL", attributeName: "email"))
        let code = try lastCode(fixture, pool)
        #expect(try fixture.pools.outbox(poolId: pool.id).last?.destination == "alice@example.com")
        let wrong = code == "000000" ? "111111" : "000000"
        #expect(throws: Self.codeMismatch) {
            try fixture.pools.confirmForgotPassword(clientId: client.clientId, username: "alice", code: wrong, password: Self.reset)
        }
        #expect(throws: CognitoError(code: "InvalidPasswordException", message: "Password did not conform with policy: Password must have symbol characters")) {
            try fixture.pools.confirmForgotPassword(clientId: client.clientId, username: "alice", code: code, password: "NoSymb0lsHere")
        }
        try fixture.pools.confirmForgotPassword(clientId: client.clientId, username: "alice", code: code, password: Self.reset)
        #expect(throws: Self.incorrect) { try fixture.signIn(client) }
        _ = try fixture.signIn(client, password: Self.reset)
        #expect(throws: Self.codeMismatch) {
            try fixture.pools.confirmForgotPassword(clientId: client.clientId, username: "alice", code: code, password: "0ther-Passw0rd!")
        }
    }

    @Test func resetCodesExpireAndRefuseGuessing() throws {
        let (fixture, pool, client) = try confirmedAlice()
        _ = try fixture.pools.forgotPassword(clientId: client.clientId, username: "alice")
        let code = try lastCode(fixture, pool)
        fixture.clock.advance(by: 3600)
        #expect(throws: Self.expiredCode) {
            try fixture.pools.confirmForgotPassword(clientId: client.clientId, username: "alice", code: code, password: Self.reset)
        }
        _ = try fixture.pools.forgotPassword(clientId: client.clientId, username: "alice")
        let fresh = try lastCode(fixture, pool)
        let wrong = fresh == "000000" ? "111111" : "000000"
        for _ in 0..<5 {
            #expect(throws: Self.codeMismatch) {
                try fixture.pools.confirmForgotPassword(clientId: client.clientId, username: "alice", code: wrong, password: Self.reset)
            }
        }
        #expect(throws: Self.limitExceeded) {
            try fixture.pools.confirmForgotPassword(clientId: client.clientId, username: "alice", code: fresh, password: Self.reset)
        }
        // No new code until the guessed-at one expires; then a new count starts.
        #expect(throws: Self.limitExceeded) { try fixture.pools.forgotPassword(clientId: client.clientId, username: "alice") }
        fixture.clock.advance(by: 3600)
        _ = try fixture.pools.forgotPassword(clientId: client.clientId, username: "alice")
        try fixture.pools.confirmForgotPassword(clientId: client.clientId, username: "alice", code: try lastCode(fixture, pool), password: Self.reset)
    }

    @Test func askingForAnotherCodeBuysNoMoreGuesses() throws {
        let (fixture, pool, client) = try confirmedAlice()
        _ = try fixture.pools.forgotPassword(clientId: client.clientId, username: "alice")
        let wrong = { (code: String) in code == "000000" ? "111111" : "000000" }
        for _ in 0..<4 {
            #expect(throws: Self.codeMismatch) {
                try fixture.pools.confirmForgotPassword(clientId: client.clientId, username: "alice", code: wrong(try lastCode(fixture, pool)), password: Self.reset)
            }
        }
        _ = try fixture.pools.forgotPassword(clientId: client.clientId, username: "alice")
        let fresh = try lastCode(fixture, pool)
        #expect(throws: Self.codeMismatch) {
            try fixture.pools.confirmForgotPassword(clientId: client.clientId, username: "alice", code: wrong(fresh), password: Self.reset)
        }
        #expect(throws: Self.limitExceeded) {
            try fixture.pools.confirmForgotPassword(clientId: client.clientId, username: "alice", code: fresh, password: Self.reset)
        }
        #expect(throws: Self.limitExceeded) { try fixture.pools.forgotPassword(clientId: client.clientId, username: "alice") }
    }

    @Test func unknownUsersGetAPlausibleAnswerWhenExistenceIsHidden() throws {
        let (fixture, pool, client) = try confirmedAlice()
        let before = try fixture.pools.outbox(poolId: pool.id).count
        let first = try fixture.pools.forgotPassword(clientId: client.clientId, username: "mallory")
        #expect(first.deliveryMedium == "EMAIL")
        #expect(first.attributeName == "email")
        #expect(first.destination.contains("***@"))
        #expect(try fixture.pools.forgotPassword(clientId: client.clientId, username: "mallory") == first)
        let byEmail = try fixture.pools.forgotPassword(clientId: client.clientId, username: "mallory@example.com")
        #expect(byEmail.destination.hasPrefix("m***@"))
        #expect(try fixture.pools.forgotPassword(clientId: client.clientId, username: "+15550001111").deliveryMedium == "SMS")
        #expect(try fixture.pools.outbox(poolId: pool.id).count == before)
        #expect(throws: Self.codeMismatch) {
            try fixture.pools.confirmForgotPassword(clientId: client.clientId, username: "mallory", code: "123456", password: Self.reset)
        }
        // A disabled user is answered the same way.
        try fixture.pools.adminDisableUser(poolId: pool.id, username: "alice")
        #expect(try fixture.pools.forgotPassword(clientId: client.clientId, username: "alice").destination != "a***@e***")
    }

    @Test func legacyClientsSayTheUserIsUnknown() throws {
        let (fixture, pool, client) = try confirmedAlice(prevent: "LEGACY")
        #expect(throws: Self.unknownForClient) { try fixture.pools.forgotPassword(clientId: client.clientId, username: "mallory") }
        #expect(throws: Self.unknownForClient) {
            try fixture.pools.confirmForgotPassword(clientId: client.clientId, username: "mallory", code: "123456", password: Self.reset)
        }
        try fixture.pools.adminDisableUser(poolId: pool.id, username: "alice")
        #expect(throws: CognitoError.notAuthorized("User is disabled.")) { try fixture.pools.forgotPassword(clientId: client.clientId, username: "alice") }
    }

    @Test func onlyAUserWithAVerifiedAddressInAResettableStateMayReset() throws {
        let fixture = UserPoolFixture()
        let pool = try fixture.bootcampPool()
        let client = try fixture.passwordClient(pool) { $0.generateSecret = true }
        try fixture.tenantAdmin(pool)
        let secret = try #require(client.clientSecret)
        let hash = Base64.encode(HMACSHA256Key(key: secret).authenticate("alice" + client.clientId))
        #expect(throws: CognitoError.notAuthorized("Client \(client.clientId) is configured for secret but secret was not received")) {
            try fixture.pools.forgotPassword(clientId: client.clientId, username: "alice")
        }
        #expect(throws: CognitoError.notAuthorized("User password cannot be reset in the current state.")) {
            try fixture.pools.forgotPassword(clientId: client.clientId, username: "alice", secretHash: hash)
        }
        try fixture.pools.adminSetUserPassword(poolId: pool.id, username: "alice", password: UserPoolFixture.newPassword, permanent: true)
        #expect(throws: CognitoError.invalidParameter("Cannot reset password for the user as there is no registered/verified email or phone_number")) {
            try fixture.pools.forgotPassword(clientId: client.clientId, username: "alice", secretHash: hash)
        }
    }

    // MARK: - Lockout

    private func attempt(_ fixture: UserPoolFixture, _ client: UserPoolClient, _ password: String) -> CognitoError? {
        do {
            _ = try fixture.signIn(client, password: password)
            return nil
        } catch {
            return error as? CognitoError
        }
    }

    @Test func fiveWrongPasswordsThenLocksThatDouble() throws {
        let (fixture, _, client) = try confirmedAlice()
        for _ in 0..<5 { #expect(attempt(fixture, client, "Wr0ng!password") == Self.incorrect) }
        // Locked for 1 s: even the right password is refused, and the refusal is not counted.
        #expect(attempt(fixture, client, UserPoolFixture.newPassword) == Self.attemptsExceeded)
        #expect(attempt(fixture, client, "Wr0ng!password") == Self.attemptsExceeded)
        fixture.clock.advance(by: 1)
        #expect(attempt(fixture, client, "Wr0ng!password") == Self.incorrect)
        // Now 2 s.
        fixture.clock.advance(by: 1.5)
        #expect(attempt(fixture, client, UserPoolFixture.newPassword) == Self.attemptsExceeded)
        fixture.clock.advance(by: 0.5)
        #expect(attempt(fixture, client, UserPoolFixture.newPassword) == nil)
        // The right password reset the count: five more are free.
        for _ in 0..<4 { #expect(attempt(fixture, client, "Wr0ng!password") == Self.incorrect) }
        #expect(attempt(fixture, client, UserPoolFixture.newPassword) == nil)
    }

    @Test func locksStopGrowingAtFifteenMinutesAndQuietTimeResets() throws {
        let (fixture, _, client) = try confirmedAlice()
        var lock = 0.0
        for failure in 1...20 {
            #expect(attempt(fixture, client, "Wr0ng!password") == Self.incorrect)
            lock = failure < 5 ? 0 : min(pow(2, Double(failure - 5)), 900)
            if lock > 0 {
                fixture.clock.advance(by: lock - 0.5)
                #expect(attempt(fixture, client, UserPoolFixture.newPassword) == Self.attemptsExceeded)
                fixture.clock.advance(by: 0.5)
            }
        }
        #expect(lock == 900)
        // Fifteen quiet minutes after the last lock ends start the count again.
        fixture.clock.advance(by: 900)
        for _ in 0..<4 { #expect(attempt(fixture, client, "Wr0ng!password") == Self.incorrect) }
        #expect(attempt(fixture, client, UserPoolFixture.newPassword) == nil)
    }

    @Test func changePasswordCountsTowardsTheLockAndIsRefusedDuringIt() throws {
        let (fixture, _, client) = try confirmedAlice()
        let tokens = try fixture.signIn(client)
        for _ in 0..<5 {
            #expect(throws: Self.incorrect) {
                try fixture.pools.changePassword(accessToken: tokens.accessToken, previousPassword: "Wr0ng!password", proposedPassword: Self.reset)
            }
        }
        #expect(throws: Self.limitExceeded) {
            try fixture.pools.changePassword(accessToken: tokens.accessToken, previousPassword: UserPoolFixture.newPassword, proposedPassword: Self.reset)
        }
        #expect(attempt(fixture, client, UserPoolFixture.newPassword) == Self.attemptsExceeded)
        fixture.clock.advance(by: 1)
        try fixture.pools.changePassword(accessToken: tokens.accessToken, previousPassword: UserPoolFixture.newPassword, proposedPassword: Self.reset)
    }

    @Test func aPasswordResetLiftsTheLock() throws {
        let (fixture, pool, client) = try confirmedAlice()
        for _ in 0..<5 { _ = attempt(fixture, client, "Wr0ng!password") }
        _ = try fixture.pools.forgotPassword(clientId: client.clientId, username: "alice")
        try fixture.pools.confirmForgotPassword(clientId: client.clientId, username: "alice", code: try lastCode(fixture, pool), password: Self.reset)
        #expect(attempt(fixture, client, Self.reset) == nil)
    }

    // MARK: - Equal work

    @Test func everySignInPathDerivesOnePasswordHash() throws {
        let (fixture, _, client) = try confirmedAlice()
        func cost(_ username: String, _ password: String) -> Int {
            let before = fixture.pools.passwordHashesComputed
            _ = try? fixture.pools.initiateAuth(
                clientId: client.clientId, authFlow: "USER_PASSWORD_AUTH", parameters: ["USERNAME": username, "PASSWORD": password]
            )
            return fixture.pools.passwordHashesComputed - before
        }
        let unknown = cost("nobody", "Wr0ng!password")
        let wrong = cost("alice", "Wr0ng!password")
        let right = cost("alice", UserPoolFixture.newPassword)
        #expect(unknown == 1)
        #expect(unknown == wrong)
        #expect(wrong == right)
        for _ in 0..<5 { _ = cost("alice", "Wr0ng!password") }
        #expect(attempt(fixture, client, UserPoolFixture.newPassword) == Self.attemptsExceeded)
        #expect(cost("alice", UserPoolFixture.newPassword) == unknown)
    }
}
