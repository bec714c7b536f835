import Cognito
import Core
import Foundation
import Testing

@Suite struct UserPoolSignUpTests {
    private func openPool() throws -> (UserPoolFixture, UserPool, UserPoolClient) {
        let fixture = UserPoolFixture()
        let pool = try fixture.bootcampPool(adminOnly: false)
        return (fixture, pool, try fixture.passwordClient(pool))
    }

    private let attributes = [UserAttribute(name: "email", value: "zoe@example.com"), UserAttribute(name: "custom:tenant_id", value: "T9")]

    @Test func adminOnlyPoolsRefuseSignUp() throws {
        let fixture = UserPoolFixture()
        let pool = try fixture.bootcampPool()
        let client = try fixture.passwordClient(pool)
        #expect(throws: CognitoError.notAuthorized("SignUp is not permitted for this user pool")) {
            try fixture.pools.signUp(clientId: client.clientId, username: "zoe", password: UserPoolFixture.newPassword, attributes: attributes)
        }
    }

    @Test func signUpThenConfirmWithTheCodeFromTheOutbox() throws {
        let (fixture, pool, client) = try openPool()
        let result = try fixture.pools.signUp(clientId: client.clientId, username: "zoe", password: UserPoolFixture.newPassword, attributes: attributes)
        #expect(result.userConfirmed == false)
        #expect(result.codeDelivery == CodeDeliveryDetails(destination: "z***@e***", deliveryMedium: "EMAIL", attributeName: "email"))
        let user = try fixture.pools.adminGetUser(poolId: pool.id, username: "zoe")
        #expect(user.status == .unconfirmed)
        #expect(user.sub == result.userSub)
        #expect(throws: CognitoError(code: "UserNotConfirmedException", message: "User is not confirmed.")) { try fixture.signIn(client, username: "zoe") }

        let message = try #require(try fixture.pools.outbox(poolId: pool.id).last)
        #expect(message.purpose == .confirmationCode)
        #expect(message.destination == "zoe@example.com")
        let code = try #require(message.code)
        #expect(code.count == 6 && code.allSatisfy(\.isNumber))
        #expect(throws: CognitoError(code: "CodeMismatchException", message: "Invalid verification code provided, please try again.")) {
            try fixture.pools.confirmSignUp(clientId: client.clientId, username: "zoe", code: code == "000000" ? "111111" : "000000")
        }
        try fixture.pools.confirmSignUp(clientId: client.clientId, username: "zoe", code: code)
        let confirmed = try fixture.pools.adminGetUser(poolId: pool.id, username: "zoe")
        #expect(confirmed.status == .confirmed)
        #expect(confirmed.attributes.value(of: "email_verified") == "true")
        #expect(throws: CognitoError.notAuthorized("User cannot be confirmed. Current status is CONFIRMED")) {
            try fixture.pools.confirmSignUp(clientId: client.clientId, username: "zoe", code: code)
        }
        let claims = try unverifiedClaims(try fixture.signIn(client, username: "zoe").idToken)
        #expect(claims["email_verified"] == true)
    }

    @Test func codesExpireAfterADay() throws {
        let (fixture, pool, client) = try openPool()
        _ = try fixture.pools.signUp(clientId: client.clientId, username: "zoe", password: UserPoolFixture.newPassword, attributes: attributes)
        let code = try #require(try fixture.pools.outbox(poolId: pool.id).last?.code)
        fixture.clock.advance(by: 86_400)
        #expect(throws: CognitoError(code: "ExpiredCodeException", message: "Invalid code provided, please request a code again.")) {
            try fixture.pools.confirmSignUp(clientId: client.clientId, username: "zoe", code: code)
        }
        // PreventUserExistenceErrors ENABLED (the default): a stranger gets the wrong-code answer.
        #expect(throws: CognitoError(code: "CodeMismatchException", message: "Invalid verification code provided, please try again.")) {
            try fixture.pools.confirmSignUp(clientId: client.clientId, username: "nobody", code: code)
        }
        let legacy = try fixture.passwordClient(pool, name: "legacy") { $0.preventUserExistenceErrors = "LEGACY" }
        #expect(throws: CognitoError(code: "UserNotFoundException", message: "Username/client id combination not found.")) {
            try fixture.pools.confirmSignUp(clientId: legacy.clientId, username: "nobody", code: code)
        }
    }

    @Test func wrongCodesAreCappedAtFive() throws {
        let (fixture, pool, client) = try openPool()
        _ = try fixture.pools.signUp(clientId: client.clientId, username: "zoe", password: UserPoolFixture.newPassword, attributes: attributes)
        let code = try #require(try fixture.pools.outbox(poolId: pool.id).last?.code)
        let wrong = code == "000000" ? "111111" : "000000"
        for _ in 0..<5 {
            #expect(throws: CognitoError(code: "CodeMismatchException", message: "Invalid verification code provided, please try again.")) {
                try fixture.pools.confirmSignUp(clientId: client.clientId, username: "zoe", code: wrong)
            }
        }
        // The sixth try is refused even with the right code.
        #expect(throws: CognitoError(code: "TooManyFailedAttemptsException", message: "Too many failed attempts.")) {
            try fixture.pools.confirmSignUp(clientId: client.clientId, username: "zoe", code: code)
        }
        #expect(try fixture.pools.adminGetUser(poolId: pool.id, username: "zoe").status == .unconfirmed)
        try fixture.pools.adminConfirmSignUp(poolId: pool.id, username: "zoe")
    }

    @Test func adminConfirmSignUpNeedsNoCode() throws {
        let (fixture, pool, client) = try openPool()
        _ = try fixture.pools.signUp(clientId: client.clientId, username: "zoe", password: UserPoolFixture.newPassword, attributes: attributes)
        try fixture.pools.adminConfirmSignUp(poolId: pool.id, username: "zoe")
        #expect(try fixture.pools.adminGetUser(poolId: pool.id, username: "zoe").status == .confirmed)
        _ = try fixture.signIn(client, username: "zoe")
        #expect(throws: CognitoError.notAuthorized("User cannot be confirmed. Current status is CONFIRMED")) {
            try fixture.pools.adminConfirmSignUp(poolId: pool.id, username: "zoe")
        }
        #expect(throws: CognitoError(code: "UserNotFoundException", message: "User does not exist.")) {
            try fixture.pools.adminConfirmSignUp(poolId: pool.id, username: "nobody")
        }
    }

    @Test func signUpChecksNamesPasswordsAndAttributes() throws {
        let (fixture, _, client) = try openPool()
        func signUp(_ name: String, _ password: String = UserPoolFixture.newPassword, _ attributes: [UserAttribute]? = nil) throws {
            _ = try fixture.pools.signUp(clientId: client.clientId, username: name, password: password, attributes: attributes ?? self.attributes)
        }
        try signUp("zoe")
        #expect(throws: CognitoError(code: "UsernameExistsException", message: "User already exists")) { try signUp("zoe") }
        #expect(throws: CognitoError(code: "InvalidPasswordException", message: "Password did not conform with policy: Password must have uppercase characters")) {
            try signUp("yan", "lower-case-0nly!")
        }
        #expect(throws: CognitoError.invalidParameter("Attributes did not conform to the schema: email: The attribute is required")) {
            try signUp("yan", UserPoolFixture.newPassword, [])
        }
        let restricted = try fixture.passwordClient(try fixture.pools.describeUserPool(client.userPoolId)) { $0.writeAttributes = ["email"] }
        #expect(throws: CognitoError.notAuthorized("A client attempted to write unauthorized attribute")) {
            try fixture.pools.signUp(clientId: restricted.clientId, username: "yan", password: UserPoolFixture.newPassword, attributes: attributes)
        }
    }

    @Test func withoutAutoVerificationNoCodeIsSent() throws {
        let fixture = UserPoolFixture()
        let pool = try fixture.pools.createUserPool(UserPoolSettings(name: "quiet"))
        let client = try fixture.passwordClient(pool)
        let result = try fixture.pools.signUp(clientId: client.clientId, username: "q", password: UserPoolFixture.newPassword)
        #expect(result.codeDelivery == nil)
        #expect(try fixture.pools.outbox(poolId: pool.id).isEmpty)
    }
}
