import Cognito
import Core
import Foundation
import Testing

@Suite struct UserPoolAuthTests {
    private func setUp(configure: (inout UserPoolClientSettings) -> Void = { _ in }) throws -> (UserPoolFixture, UserPool, UserPoolClient) {
        let fixture = UserPoolFixture()
        let pool = try fixture.bootcampPool()
        let client = try fixture.passwordClient(pool, configure: configure)
        try fixture.tenantAdmin(pool)
        return (fixture, pool, client)
    }

    private func challenge(_ fixture: UserPoolFixture, _ client: UserPoolClient, username: String = "alice") throws -> AuthChallenge {
        let outcome = try fixture.pools.initiateAuth(
            clientId: client.clientId, authFlow: "USER_PASSWORD_AUTH", parameters: ["USERNAME": username, "PASSWORD": UserPoolFixture.temporaryPassword]
        )
        guard case .challenge(let challenge) = outcome else { throw CognitoError(code: "Test", message: "no challenge") }
        return challenge
    }

    @Test func newPasswordRequiredFlowEndsConfirmedWithTokens() throws {
        let (fixture, pool, client) = try setUp()
        let challenge = try challenge(fixture, client)
        #expect(challenge.name == "NEW_PASSWORD_REQUIRED")
        #expect(challenge.parameters["USER_ID_FOR_SRP"] == "alice")
        #expect(challenge.parameters["requiredAttributes"] == "[]")
        let attributes = try JSON.parse(challenge.parameters["userAttributes"] ?? "")
        #expect(attributes["email"] == "alice@example.com")
        #expect(attributes["custom:tenant_id"] == "TENANT1")
        #expect(attributes["sub"] == nil)
        #expect(challenge.session.count > 100)
        let answered = try fixture.pools.respondToAuthChallenge(
            clientId: client.clientId, challengeName: "NEW_PASSWORD_REQUIRED", session: challenge.session,
            responses: ["USERNAME": "alice", "NEW_PASSWORD": UserPoolFixture.newPassword]
        )
        guard case .authenticated(let result) = answered else { Issue.record("no tokens"); return }
        #expect(result.tokenType == "Bearer")
        #expect(result.expiresIn == 3600)
        #expect(result.refreshToken != nil)
        #expect(try fixture.pools.adminGetUser(poolId: pool.id, username: "alice").status == .confirmed)
        // The session is spent; the temporary password no longer works; the new one does.
        #expect(throws: CognitoError.notAuthorized("Invalid session for the user.")) {
            try fixture.pools.respondToAuthChallenge(
                clientId: client.clientId, challengeName: "NEW_PASSWORD_REQUIRED", session: challenge.session,
                responses: ["USERNAME": "alice", "NEW_PASSWORD": UserPoolFixture.newPassword]
            )
        }
        #expect(throws: CognitoError.notAuthorized("Incorrect username or password.")) {
            try fixture.signIn(client, password: UserPoolFixture.temporaryPassword)
        }
        _ = try fixture.signIn(client)
    }

    @Test func challengeAnswersMayUpdateAttributes() throws {
        let fixture = UserPoolFixture()
        let pool = try fixture.pools.createUserPool(UserPoolSettings(name: "named", schema: [SchemaAttributeInput(name: "name", required: true)]))
        let client = try fixture.passwordClient(pool)
        // AdminCreateUser already insists on required attributes, so the challenge's
        // requiredAttributes list is empty; answers may still set mutable attributes, but
        // not a required one that already has a value.
        #expect(throws: CognitoError.self) {
            try fixture.pools.adminCreateUser(poolId: pool.id, NewUser(username: "nameless", temporaryPassword: UserPoolFixture.temporaryPassword))
        }
        try fixture.pools.adminCreateUser(poolId: pool.id, NewUser(
            username: "named", attributes: [UserAttribute(name: "name", value: "N")], temporaryPassword: UserPoolFixture.temporaryPassword
        ))
        let challenge = try challenge(fixture, client, username: "named")
        #expect(challenge.parameters["requiredAttributes"] == "[]")
        #expect(throws: CognitoError.notAuthorized("Cannot modify an already provided name")) {
            try fixture.pools.respondToAuthChallenge(
                clientId: client.clientId, challengeName: "NEW_PASSWORD_REQUIRED", session: challenge.session,
                responses: ["USERNAME": "named", "NEW_PASSWORD": UserPoolFixture.newPassword, "userAttributes.name": "Named Person"]
            )
        }
        let answered = try fixture.pools.respondToAuthChallenge(
            clientId: client.clientId, challengeName: "NEW_PASSWORD_REQUIRED", session: challenge.session,
            responses: ["USERNAME": "named", "NEW_PASSWORD": UserPoolFixture.newPassword, "userAttributes.nickname": "Nick"]
        )
        guard case .authenticated = answered else { Issue.record("no tokens"); return }
        #expect(try fixture.pools.adminGetUser(poolId: pool.id, username: "named").attributes.value(of: "nickname") == "Nick")
    }

    @Test func badAnswersKeepTheSessionUntilItExpires() throws {
        let (fixture, _, client) = try setUp()
        let challenge = try challenge(fixture, client)
        func answer(_ responses: [String: String], session: String? = nil, name: String = "NEW_PASSWORD_REQUIRED") throws -> AuthOutcome {
            try fixture.pools.respondToAuthChallenge(clientId: client.clientId, challengeName: name, session: session ?? challenge.session, responses: responses)
        }
        #expect(throws: CognitoError(code: "InvalidPasswordException", message: "Password did not conform with policy: Password must have numeric characters")) {
            try answer(["USERNAME": "alice", "NEW_PASSWORD": "NoDigits!here"])
        }
        #expect(throws: CognitoError.invalidParameter("Missing required parameter NEW_PASSWORD")) { try answer(["USERNAME": "alice"]) }
        #expect(throws: CognitoError.invalidParameter("Missing required parameter USERNAME")) { try answer(["NEW_PASSWORD": "x"]) }
        #expect(throws: CognitoError.notAuthorized("Invalid session for the user.")) {
            try answer(["USERNAME": "alice", "NEW_PASSWORD": UserPoolFixture.newPassword], session: "forged")
        }
        #expect(throws: CognitoError.self) { try answer(["USERNAME": "alice", "NEW_PASSWORD": UserPoolFixture.newPassword], name: "SMS_MFA") }
        #expect(throws: CognitoError.invalidParameter("user.custom:tenant_id: Attribute cannot be updated. (changing an immutable attribute)")) {
            try answer(["USERNAME": "alice", "NEW_PASSWORD": UserPoolFixture.newPassword, "userAttributes.custom:tenant_id": "TENANT2"])
        }
        fixture.clock.advance(by: 181)
        #expect(throws: CognitoError.notAuthorized("Invalid session for the user, session is expired.")) {
            try answer(["USERNAME": "alice", "NEW_PASSWORD": UserPoolFixture.newPassword])
        }
    }

    @Test func aSessionBelongsToItsUserAndClient() throws {
        let (fixture, pool, client) = try setUp()
        try fixture.tenantAdmin(pool, username: "mallory")
        let other = try fixture.passwordClient(pool, name: "other")
        let challenge = try challenge(fixture, client)
        #expect(throws: CognitoError.notAuthorized("Invalid session for the user.")) {
            try fixture.pools.respondToAuthChallenge(
                clientId: client.clientId, challengeName: "NEW_PASSWORD_REQUIRED", session: challenge.session,
                responses: ["USERNAME": "mallory", "NEW_PASSWORD": UserPoolFixture.newPassword]
            )
        }
        #expect(throws: CognitoError.notAuthorized("Invalid session for the user.")) {
            try fixture.pools.respondToAuthChallenge(
                clientId: other.clientId, challengeName: "NEW_PASSWORD_REQUIRED", session: challenge.session,
                responses: ["USERNAME": "alice", "NEW_PASSWORD": UserPoolFixture.newPassword]
            )
        }
    }

    @Test func adminFlowsAndTheirAliases() throws {
        let (fixture, pool, client) = try setUp()
        for flow in ["ADMIN_USER_PASSWORD_AUTH", "ADMIN_NO_SRP_AUTH"] {
            let outcome = try fixture.pools.adminInitiateAuth(
                poolId: pool.id, clientId: client.clientId, authFlow: flow, parameters: ["USERNAME": "alice", "PASSWORD": UserPoolFixture.temporaryPassword]
            )
            guard case .challenge(let challenge) = outcome else { Issue.record("\(flow): no challenge"); continue }
            #expect(challenge.name == "NEW_PASSWORD_REQUIRED")
        }
        let challenge = try challenge(fixture, client)
        let answered = try fixture.pools.adminRespondToAuthChallenge(
            poolId: pool.id, clientId: client.clientId, challengeName: "NEW_PASSWORD_REQUIRED", session: challenge.session,
            responses: ["USERNAME": "alice", "NEW_PASSWORD": UserPoolFixture.newPassword]
        )
        guard case .authenticated = answered else { Issue.record("no tokens"); return }
        let again = try fixture.pools.adminInitiateAuth(
            poolId: pool.id, clientId: client.clientId, authFlow: "ADMIN_USER_PASSWORD_AUTH", parameters: ["USERNAME": "alice", "PASSWORD": UserPoolFixture.newPassword]
        )
        guard case .authenticated = again else { Issue.record("no tokens"); return }
    }

    @Test func flowsMustBeEnabledAndSupported() throws {
        let (fixture, pool, client) = try setUp { $0.explicitAuthFlows = ["ALLOW_USER_SRP_AUTH"] }
        let parameters = ["USERNAME": "alice", "PASSWORD": UserPoolFixture.temporaryPassword]
        #expect(throws: CognitoError.invalidParameter("USER_PASSWORD_AUTH flow not enabled for this client")) {
            try fixture.pools.initiateAuth(clientId: client.clientId, authFlow: "USER_PASSWORD_AUTH", parameters: parameters)
        }
        #expect(throws: CognitoError.invalidParameter("Auth flow not enabled for this client")) {
            try fixture.pools.adminInitiateAuth(poolId: pool.id, clientId: client.clientId, authFlow: "ADMIN_USER_PASSWORD_AUTH", parameters: parameters)
        }
        #expect(throws: CognitoError.invalidParameter("REFRESH_TOKEN_AUTH flow not enabled for this client")) {
            try fixture.pools.initiateAuth(clientId: client.clientId, authFlow: "REFRESH_TOKEN_AUTH", parameters: ["REFRESH_TOKEN": "x"])
        }
        #expect(throws: CognitoError.invalidParameter("Initiate Auth method not supported.")) {
            try fixture.pools.initiateAuth(clientId: client.clientId, authFlow: "ADMIN_USER_PASSWORD_AUTH", parameters: parameters)
        }
        #expect(throws: CognitoError.self) { try fixture.pools.initiateAuth(clientId: client.clientId, authFlow: "MAGIC", parameters: parameters) }
        #expect(throws: CognitoError.invalidParameter("Missing required parameter PASSWORD")) {
            try fixture.pools.initiateAuth(clientId: client.clientId, authFlow: "USER_PASSWORD_AUTH", parameters: ["USERNAME": "alice"])
        }
        let legacy = try fixture.passwordClient(pool) { $0.explicitAuthFlows = ["USER_PASSWORD_AUTH", "ADMIN_NO_SRP_AUTH"] }
        #expect(throws: Never.self) { try fixture.pools.initiateAuth(clientId: legacy.clientId, authFlow: "USER_PASSWORD_AUTH", parameters: parameters) }
    }

    @Test func refusalsSayWhatCognitoSays() throws {
        let (fixture, pool, client) = try setUp()
        let wrong = CognitoError.notAuthorized("Incorrect username or password.")
        #expect(throws: wrong) { try fixture.signIn(client, password: "Wrong-passw0rd") }
        // An unknown user looks exactly like a wrong password (PreventUserExistenceErrors).
        #expect(throws: wrong) { try fixture.signIn(client, username: "ghost") }
        let legacy = try fixture.passwordClient(pool) { $0.preventUserExistenceErrors = "LEGACY" }
        #expect(throws: CognitoError(code: "UserNotFoundException", message: "User does not exist.")) { try fixture.signIn(legacy, username: "ghost") }
        try fixture.pools.adminDisableUser(poolId: pool.id, username: "alice")
        #expect(throws: CognitoError.notAuthorized("User is disabled.")) {
            try fixture.pools.initiateAuth(clientId: client.clientId, authFlow: "USER_PASSWORD_AUTH", parameters: ["USERNAME": "alice", "PASSWORD": UserPoolFixture.temporaryPassword])
        }
        // The password is checked first: a disabled user's state is not revealed to a guess.
        #expect(throws: wrong) { try fixture.signIn(client, password: "Wrong-passw0rd") }
    }

    @Test func temporaryPasswordsExpire() throws {
        let (fixture, _, client) = try setUp()
        fixture.clock.advance(by: 7 * 86_400)
        #expect(throws: CognitoError.notAuthorized("Temporary password has expired and must be reset by an administrator.")) {
            try challenge(fixture, client)
        }
    }

    @Test func clientsWithASecretNeedTheSecretHash() throws {
        let (fixture, _, client) = try setUp { $0.generateSecret = true }
        let secret = try #require(client.clientSecret)
        let hash = Base64.encode(HMACSHA256Key(key: secret).authenticate("alice" + client.clientId))
        var parameters = ["USERNAME": "alice", "PASSWORD": UserPoolFixture.temporaryPassword]
        #expect(throws: CognitoError.notAuthorized("Client \(client.clientId) is configured for secret but secret was not received")) {
            try fixture.pools.initiateAuth(clientId: client.clientId, authFlow: "USER_PASSWORD_AUTH", parameters: parameters)
        }
        parameters["SECRET_HASH"] = Base64.encode(HMACSHA256Key(key: secret).authenticate("bob" + client.clientId))
        #expect(throws: CognitoError.notAuthorized("Unable to verify secret hash for client \(client.clientId)")) {
            try fixture.pools.initiateAuth(clientId: client.clientId, authFlow: "USER_PASSWORD_AUTH", parameters: parameters)
        }
        parameters["SECRET_HASH"] = hash
        let outcome = try fixture.pools.initiateAuth(clientId: client.clientId, authFlow: "USER_PASSWORD_AUTH", parameters: parameters)
        guard case .challenge(let challenge) = outcome else { Issue.record("no challenge"); return }
        let answered = try fixture.pools.respondToAuthChallenge(
            clientId: client.clientId, challengeName: challenge.name, session: challenge.session,
            responses: ["USERNAME": "alice", "NEW_PASSWORD": UserPoolFixture.newPassword, "SECRET_HASH": hash]
        )
        guard case .authenticated = answered else { Issue.record("no tokens"); return }
    }
}
