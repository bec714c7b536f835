import Cognito
import Core
import Foundation
import Testing

/// The user's own operations, authorised by their access token: GetUser after sign-out,
/// UpdateUserAttributes, attribute verification, ChangePassword, GlobalSignOut, RevokeToken,
/// DeleteUser.
@Suite struct UserPoolUserAPITests {
    static let revoked = CognitoError.notAuthorized("Access Token has been revoked")
    static let unauthorizedWrite = CognitoError.notAuthorized("A client attempted to write unauthorized attribute")
    static let codeMismatch = CognitoError(code: "CodeMismatchException", message: "Invalid verification code provided, please try again.")
    static let expiredCode = CognitoError(code: "ExpiredCodeException", message: "Invalid code provided, please request a code again.")
    static let incorrect = CognitoError.notAuthorized("Incorrect username or password.")
    static let userNotFound = CognitoError(code: "UserNotFoundException", message: "User does not exist.")
    static let userDisabled = CognitoError.notAuthorized("User is disabled.")

    /// The bootcamp pool and client, alice signed in once.
    private func signedIn(
        configure: (inout UserPoolClientSettings) -> Void = { _ in }
    ) throws -> (UserPoolFixture, UserPool, UserPoolClient, AuthenticationResult) {
        let fixture = UserPoolFixture()
        let pool = try fixture.bootcampPool()
        let client = try fixture.passwordClient(pool, configure: configure)
        try fixture.tenantAdmin(pool)
        return (fixture, pool, client, try fixture.firstSignIn(client))
    }

    private func refresh(_ fixture: UserPoolFixture, _ client: UserPoolClient, _ token: String?) throws -> AuthOutcome {
        try fixture.pools.initiateAuth(clientId: client.clientId, authFlow: "REFRESH_TOKEN_AUTH", parameters: ["REFRESH_TOKEN": token ?? ""])
    }

    // MARK: - GlobalSignOut and RevokeToken

    @Test func globalSignOutEndsEverySignInOfTheUser() throws {
        let (fixture, pool, client, first) = try signedIn()
        let second = try fixture.signIn(client)
        let bob = try fixture.tenantAdmin(pool, username: "bob")
        let bobTokens = try fixture.firstSignIn(client, username: bob.username)
        try fixture.pools.globalSignOut(accessToken: second.accessToken)
        for tokens in [first, second] {
            #expect(throws: Self.revoked) { try fixture.pools.getUser(accessToken: tokens.accessToken) }
            #expect(throws: Self.revoked) { try fixture.pools.globalSignOut(accessToken: tokens.accessToken) }
            #expect(throws: CognitoError.notAuthorized("Refresh Token has been revoked")) { try refresh(fixture, client, tokens.refreshToken) }
            // ID tokens are checked by whoever holds them, and live until they expire.
            #expect(try fixture.pools.verifyToken(tokens.idToken, use: .id, poolId: pool.id)["cognito:username"] == "alice")
        }
        // Another user's sign-in goes on; signing in again works.
        #expect(try fixture.pools.getUser(accessToken: bobTokens.accessToken).username == "bob")
        let third = try fixture.signIn(client)
        #expect(try fixture.pools.getUser(accessToken: third.accessToken).username == "alice")
        guard case .authenticated = try refresh(fixture, client, third.refreshToken) else { Issue.record("refresh refused"); return }
    }

    @Test func accessTokensOfARefreshedSignInAreRevokedWithIt() throws {
        let (fixture, _, client, first) = try signedIn()
        guard case .authenticated(let refreshed) = try refresh(fixture, client, first.refreshToken) else { Issue.record("no refresh"); return }
        try fixture.pools.globalSignOut(accessToken: first.accessToken)
        #expect(throws: Self.revoked) { try fixture.pools.getUser(accessToken: refreshed.accessToken) }
    }

    @Test func revokeTokenEndsOneSignIn() throws {
        let (fixture, pool, client, first) = try signedIn()
        let second = try fixture.signIn(client)
        let other = try fixture.passwordClient(pool, name: "other")
        // Another client's id, or a token that is no refresh token, revokes nothing.
        try fixture.pools.revokeToken(try #require(first.refreshToken), clientId: other.clientId, clientSecret: nil)
        try fixture.pools.revokeToken("not-a-refresh-token", clientId: client.clientId, clientSecret: nil)
        #expect(try fixture.pools.getUser(accessToken: first.accessToken).username == "alice")
        guard case .authenticated(let refreshed) = try refresh(fixture, client, first.refreshToken) else { Issue.record("no refresh"); return }

        try fixture.pools.revokeToken(try #require(first.refreshToken), clientId: client.clientId, clientSecret: nil)
        #expect(throws: CognitoError.notAuthorized("Refresh Token has been revoked")) { try refresh(fixture, client, first.refreshToken) }
        #expect(throws: Self.revoked) { try fixture.pools.getUser(accessToken: first.accessToken) }
        #expect(throws: Self.revoked) { try fixture.pools.getUser(accessToken: refreshed.accessToken) }
        // The other sign-in is untouched; revoking twice is not an error.
        #expect(try fixture.pools.getUser(accessToken: second.accessToken).username == "alice")
        try fixture.pools.revokeToken(try #require(first.refreshToken), clientId: client.clientId, clientSecret: nil)
        #expect(throws: CognitoError.resourceNotFound("User pool client nope does not exist.")) {
            try fixture.pools.revokeToken("x", clientId: "nope", clientSecret: nil)
        }
    }

    @Test func revokeTokenNeedsTheSecretOfAClientWithOne() throws {
        let fixture = UserPoolFixture()
        let client = try fixture.passwordClient(try fixture.bootcampPool()) { $0.generateSecret = true }
        let secret = try #require(client.clientSecret)
        #expect(throws: CognitoError.notAuthorized("Client \(client.clientId) is configured for secret but secret was not received")) {
            try fixture.pools.revokeToken("x", clientId: client.clientId, clientSecret: nil)
        }
        #expect(throws: CognitoError.notAuthorized("Unable to verify secret for client \(client.clientId)")) {
            try fixture.pools.revokeToken("x", clientId: client.clientId, clientSecret: secret + "x")
        }
        try fixture.pools.revokeToken("x", clientId: client.clientId, clientSecret: secret)
    }

    @Test func tokensOfADeletedClientOrARecreatedUserAreRevoked() throws {
        let (fixture, pool, client, first) = try signedIn()
        try fixture.pools.adminDeleteUser(poolId: pool.id, username: "alice")
        try fixture.tenantAdmin(pool)
        #expect(throws: Self.revoked) { try fixture.pools.getUser(accessToken: first.accessToken) }
        let again = try fixture.firstSignIn(client)
        try fixture.pools.deleteUserPoolClient(poolId: pool.id, clientId: client.clientId)
        #expect(throws: Self.revoked) { try fixture.pools.getUser(accessToken: again.accessToken) }
        #expect(throws: CognitoError.notAuthorized("Invalid Access Token")) { try fixture.pools.getUser(accessToken: "a.b.c") }
    }

    // MARK: - Attributes

    @Test func updateUserAttributesChangesAndReverifiesTheEmail() throws {
        let (fixture, pool, _, tokens) = try signedIn()
        try fixture.pools.adminUpdateUserAttributes(poolId: pool.id, username: "alice", attributes: [UserAttribute(name: "email_verified", value: "true")])
        let deliveries = try fixture.pools.updateUserAttributes(accessToken: tokens.accessToken, attributes: [
            UserAttribute(name: "email", value: "alice@new.example"), UserAttribute(name: "custom:role", value: "TenantUser"),
        ])
        #expect(deliveries == [CodeDeliveryDetails(destination: "a***@n***", deliveryMedium: "EMAIL", attributeName: "email")])
        let user = try fixture.pools.getUser(accessToken: tokens.accessToken)
        #expect(user.attributes.value(of: "email") == "alice@new.example")
        #expect(user.attributes.value(of: "email_verified") == "false")
        #expect(user.attributes.value(of: "custom:role") == "TenantUser")
        let message = try #require(try fixture.pools.outbox(poolId: pool.id).last)
        #expect(message.purpose == .verificationCode)
        #expect(message.destination == "alice@new.example")
        let code = try #require(message.code)
        #expect(throws: Self.codeMismatch) {
            try fixture.pools.verifyUserAttribute(accessToken: tokens.accessToken, attributeName: "email", code: "000000" == code ? "111111" : "000000")
        }
        try fixture.pools.verifyUserAttribute(accessToken: tokens.accessToken, attributeName: "email", code: code)
        #expect(try fixture.pools.getUser(accessToken: tokens.accessToken).attributes.value(of: "email_verified") == "true")
        // Spent.
        #expect(throws: Self.codeMismatch) {
            try fixture.pools.verifyUserAttribute(accessToken: tokens.accessToken, attributeName: "email", code: code)
        }
        // An unchanged value, or an attribute the pool does not auto-verify, sends nothing.
        #expect(try fixture.pools.updateUserAttributes(accessToken: tokens.accessToken, attributes: [UserAttribute(name: "email", value: "alice@new.example")]).isEmpty)
        #expect(try fixture.pools.updateUserAttributes(accessToken: tokens.accessToken, attributes: [UserAttribute(name: "phone_number", value: "+15551234567")]).isEmpty)
    }

    @Test func updateUserAttributesRefusesWhatTheUserMayNotWrite() throws {
        let (fixture, _, _, tokens) = try signedIn { $0.writeAttributes = ["email", "custom:tenant_id", "custom:role"] }
        func update(_ name: String, _ value: String) throws {
            _ = try fixture.pools.updateUserAttributes(accessToken: tokens.accessToken, attributes: [UserAttribute(name: name, value: value)])
        }
        #expect(throws: Self.unauthorizedWrite) { try update("given_name", "Mallory") }
        #expect(throws: Self.unauthorizedWrite) { try update("email_verified", "true") }
        #expect(throws: CognitoError.invalidParameter("user.custom:tenant_id: Attribute cannot be updated. (changing an immutable attribute)")) {
            try update("custom:tenant_id", "TENANT2")
        }
        #expect(throws: CognitoError.invalidParameter("Invalid email address format.")) { try update("email", "nope") }
        let (open, _, _, openTokens) = try signedIn()
        #expect(throws: CognitoError.invalidParameter("user.custom:nope: Attribute does not exist in the schema.")) {
            _ = try open.pools.updateUserAttributes(accessToken: openTokens.accessToken, attributes: [UserAttribute(name: "custom:nope", value: "x")])
        }
        #expect(try fixture.pools.getUser(accessToken: tokens.accessToken).attributes.value(of: "custom:tenant_id") == "TENANT1")
    }

    @Test func verificationCodesExpireAndRefuseGuessing() throws {
        let (fixture, pool, client, tokens) = try signedIn()
        #expect(throws: CognitoError.invalidParameter("User has no value for the attribute phone_number.")) {
            try fixture.pools.getUserAttributeVerificationCode(accessToken: tokens.accessToken, attributeName: "phone_number")
        }
        #expect(throws: CognitoError.invalidParameter("Invalid attribute name: given_name cannot be verified; only email and phone_number can.")) {
            try fixture.pools.getUserAttributeVerificationCode(accessToken: tokens.accessToken, attributeName: "given_name")
        }
        #expect(throws: Self.codeMismatch) {
            try fixture.pools.verifyUserAttribute(accessToken: tokens.accessToken, attributeName: "email", code: "123456")
        }
        let delivery = try fixture.pools.getUserAttributeVerificationCode(accessToken: tokens.accessToken, attributeName: "email")
        #expect(delivery == CodeDeliveryDetails(destination: "a***@e***", deliveryMedium: "EMAIL", attributeName: "email"))
        let code = try #require(try fixture.pools.outbox(poolId: pool.id).last?.code)
        // A day later the code has expired (and the access token too: sign in again).
        fixture.clock.advance(by: 86_400)
        let fresh = try fixture.signIn(client)
        #expect(throws: Self.expiredCode) {
            try fixture.pools.verifyUserAttribute(accessToken: fresh.accessToken, attributeName: "email", code: code)
        }
        // A new code, guessed at five times, refuses even itself.
        _ = try fixture.pools.getUserAttributeVerificationCode(accessToken: fresh.accessToken, attributeName: "email")
        let freshCode = try #require(try fixture.pools.outbox(poolId: pool.id).last?.code)
        let wrong = freshCode == "000000" ? "111111" : "000000"
        for _ in 0..<5 {
            #expect(throws: Self.codeMismatch) {
                try fixture.pools.verifyUserAttribute(accessToken: fresh.accessToken, attributeName: "email", code: wrong)
            }
        }
        #expect(throws: CognitoError(code: "LimitExceededException", message: "Attempt limit exceeded, please try after some time.")) {
            try fixture.pools.verifyUserAttribute(accessToken: fresh.accessToken, attributeName: "email", code: freshCode)
        }
        // Asking for another code buys no more guesses while the spent one is valid, nor does
        // setting the address again.
        _ = try fixture.pools.getUserAttributeVerificationCode(accessToken: fresh.accessToken, attributeName: "email")
        let again = try #require(try fixture.pools.outbox(poolId: pool.id).last?.code)
        #expect(throws: CognitoError(code: "LimitExceededException", message: "Attempt limit exceeded, please try after some time.")) {
            try fixture.pools.verifyUserAttribute(accessToken: fresh.accessToken, attributeName: "email", code: again)
        }
        // A day later the count starts afresh. A code sent to an address since changed verifies nothing.
        fixture.clock.advance(by: 86_400)
        let later = try fixture.signIn(client)
        _ = try fixture.pools.getUserAttributeVerificationCode(accessToken: later.accessToken, attributeName: "email")
        let stale = try #require(try fixture.pools.outbox(poolId: pool.id).last?.code)
        try fixture.pools.adminUpdateUserAttributes(poolId: pool.id, username: "alice", attributes: [UserAttribute(name: "email", value: "alice@else.example")])
        #expect(throws: Self.codeMismatch) {
            try fixture.pools.verifyUserAttribute(accessToken: later.accessToken, attributeName: "email", code: stale)
        }
    }

    // MARK: - ChangePassword and DeleteUser

    @Test func changePasswordProvesThePreviousOneAndKeepsThePolicy() throws {
        let (fixture, _, client, tokens) = try signedIn()
        #expect(throws: Self.incorrect) {
            try fixture.pools.changePassword(accessToken: tokens.accessToken, previousPassword: "Wr0ng!password", proposedPassword: "An0ther-Passw0rd!")
        }
        #expect(throws: CognitoError(code: "InvalidPasswordException", message: "Password did not conform with policy: Password not long enough")) {
            try fixture.pools.changePassword(accessToken: tokens.accessToken, previousPassword: UserPoolFixture.newPassword, proposedPassword: "Sh0rt!")
        }
        try fixture.pools.changePassword(accessToken: tokens.accessToken, previousPassword: UserPoolFixture.newPassword, proposedPassword: "An0ther-Passw0rd!")
        #expect(throws: Self.incorrect) { try fixture.signIn(client) }
        _ = try fixture.signIn(client, password: "An0ther-Passw0rd!")
        // Tokens issued before keep working, as in Cognito.
        #expect(try fixture.pools.getUser(accessToken: tokens.accessToken).username == "alice")
    }

    @Test func deleteUserDeletesTheCaller() throws {
        let (fixture, pool, client, tokens) = try signedIn()
        try fixture.pools.deleteUser(accessToken: tokens.accessToken)
        #expect(throws: Self.userNotFound) { try fixture.pools.adminGetUser(poolId: pool.id, username: "alice") }
        #expect(throws: Self.userNotFound) { try fixture.pools.getUser(accessToken: tokens.accessToken) }
        #expect(throws: CognitoError.notAuthorized("Invalid Refresh Token")) { try refresh(fixture, client, tokens.refreshToken) }
        #expect(try fixture.pools.describeUserPool(pool.id).estimatedNumberOfUsers == 0)
    }

    @Test func aDisabledUsersTokenDoesNothing() throws {
        let (fixture, pool, _, tokens) = try signedIn()
        try fixture.pools.adminDisableUser(poolId: pool.id, username: "alice")
        #expect(throws: Self.userDisabled) { try fixture.pools.deleteUser(accessToken: tokens.accessToken) }
        #expect(throws: Self.userDisabled) { try fixture.pools.globalSignOut(accessToken: tokens.accessToken) }
        #expect(throws: Self.userDisabled) {
            try fixture.pools.updateUserAttributes(accessToken: tokens.accessToken, attributes: [UserAttribute(name: "custom:role", value: "x")])
        }
    }
}
