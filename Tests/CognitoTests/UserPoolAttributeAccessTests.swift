import Cognito
import Core
import Foundation
import Testing

/// What a user may write while answering NEW_PASSWORD_REQUIRED: the user, not an
/// administrator, is writing, so the client's WriteAttributes and Cognito's other limits hold.
@Suite struct UserPoolChallengeAttributeTests {
    let fixture = UserPoolFixture()
    static let unauthorized = CognitoError.notAuthorized("A client attempted to write unauthorized attribute")

    /// Invites `username` into `pool` and starts their first sign-in; the session.
    func invite(_ pool: UserPool, _ client: UserPoolClient, username: String = "bob", attributes: [UserAttribute]? = nil) throws -> String {
        try fixture.pools.adminCreateUser(poolId: pool.id, NewUser(
            username: username,
            attributes: attributes ?? [UserAttribute(name: "email", value: "\(username)@example.com"), UserAttribute(name: "custom:tenant_id", value: "TENANT1"),
                                       UserAttribute(name: "custom:role", value: "TenantUser")],
            temporaryPassword: UserPoolFixture.temporaryPassword, desiredDeliveryMediums: ["EMAIL"]
        ))
        let outcome = try fixture.pools.initiateAuth(clientId: client.clientId, authFlow: "USER_PASSWORD_AUTH",
                                                     parameters: ["USERNAME": username, "PASSWORD": UserPoolFixture.temporaryPassword])
        guard case .challenge(let challenge) = outcome else { throw CognitoError(code: "Test", message: "expected a challenge") }
        return challenge.session
    }

    func answer(_ client: UserPoolClient, session: String, username: String = "bob", _ attributes: [String: String]) throws -> AuthOutcome {
        var responses = ["USERNAME": username, "NEW_PASSWORD": UserPoolFixture.newPassword]
        for (name, value) in attributes { responses["userAttributes.\(name)"] = value }
        return try fixture.pools.respondToAuthChallenge(clientId: client.clientId, challengeName: "NEW_PASSWORD_REQUIRED", session: session, responses: responses)
    }

    /// The bootcamp case: a TenantUser promotes themselves while setting a password.
    @Test func anInvitedUserCannotWriteTheirOwnRole() throws {
        let pool = try fixture.bootcampPool()
        let client = try fixture.passwordClient(pool) { $0.writeAttributes = ["email"] }
        let session = try invite(pool, client)
        #expect(throws: Self.unauthorized) { try answer(client, session: session, ["custom:role": "TenantAdmin"]) }
        #expect(try fixture.pools.adminGetUser(poolId: pool.id, username: "bob").attributes.value(of: "custom:role") == "TenantUser")
        // The refusal changed nothing: the same session still answers, and the role is unchanged.
        guard case .authenticated(let result) = try answer(client, session: session, [:]) else { Issue.record("no tokens"); return }
        let claims = try fixture.pools.verifyToken(result.idToken, use: .id, poolId: pool.id)
        #expect(claims["custom:role"] == "TenantUser")
    }

    @Test func verificationFlagsAndDeveloperOnlyAttributesAreNeverTheUsers() throws {
        let pool = try fixture.pools.createUserPool(UserPoolSettings(name: "p", schema: [
            SchemaAttributeInput(name: "plan", dataType: .string, developerOnly: true),
        ]))
        let client = try fixture.passwordClient(pool)
        let session = try invite(pool, client, attributes: [UserAttribute(name: "email", value: "bob@example.com")])
        #expect(throws: Self.unauthorized) { try answer(client, session: session, ["email_verified": "true"]) }
        #expect(throws: Self.unauthorized) { try answer(client, session: session, ["custom:plan": "enterprise"]) }
        guard case .authenticated = try answer(client, session: session, ["name": "Bob"]) else { Issue.record("no tokens"); return }
        #expect(try fixture.pools.adminGetUser(poolId: pool.id, username: "bob").attributes.value(of: "name") == "Bob")
    }

    @Test func aRequiredAttributeWithAValueStays() throws {
        let pool = try fixture.bootcampPool()
        let client = try fixture.passwordClient(pool)
        let session = try invite(pool, client)
        #expect(throws: CognitoError.notAuthorized("Cannot modify an already provided email")) {
            try answer(client, session: session, ["email": "mallory@example.com"])
        }
    }

    @Test func anAliasAnotherUserSignsInWithIsRefused() throws {
        let pool = try fixture.pools.createUserPool(UserPoolSettings(name: "p", aliasAttributes: ["email"]))
        let client = try fixture.passwordClient(pool)
        try fixture.pools.adminCreateUser(poolId: pool.id, NewUser(
            username: "alice", attributes: [UserAttribute(name: "email", value: "alice@example.com")],
            temporaryPassword: UserPoolFixture.temporaryPassword, desiredDeliveryMediums: []
        ))
        let session = try invite(pool, client, attributes: [])
        #expect(throws: CognitoError(code: "AliasExistsException", message: "An account with the given email already exists.")) {
            try answer(client, session: session, ["email": "alice@example.com"])
        }
    }

    /// A user disabled between InitiateAuth and the answer gets no tokens.
    @Test func aUserDisabledMidChallengeGetsNoTokens() throws {
        let pool = try fixture.bootcampPool()
        let client = try fixture.passwordClient(pool)
        let session = try invite(pool, client)
        try fixture.pools.adminDisableUser(poolId: pool.id, username: "bob")
        #expect(throws: CognitoError.notAuthorized("User is disabled.")) { try answer(client, session: session, [:]) }
        #expect(try fixture.pools.adminGetUser(poolId: pool.id, username: "bob").status != .confirmed)
    }
}

/// Developer-only attributes are the administrator's: AdminGetUser shows them, an app
/// client's ID token and GetUser never do.
@Suite struct UserPoolDeveloperOnlyTests {
    @Test func developerOnlyAttributesStayOutOfTokensAndGetUser() throws {
        let fixture = UserPoolFixture()
        let pool = try fixture.pools.createUserPool(UserPoolSettings(name: "p", schema: [
            SchemaAttributeInput(name: "tenant_id", dataType: .string),
            SchemaAttributeInput(name: "billing", dataType: .string, developerOnly: true),
        ]))
        let open = try fixture.passwordClient(pool)
        let naming = try fixture.passwordClient(pool, name: "naming") { $0.readAttributes = ["custom:tenant_id", "custom:billing"] }
        try fixture.pools.adminCreateUser(poolId: pool.id, NewUser(
            username: "alice", attributes: [UserAttribute(name: "custom:tenant_id", value: "T1"), UserAttribute(name: "custom:billing", value: "secret-plan")],
            temporaryPassword: UserPoolFixture.temporaryPassword, desiredDeliveryMediums: []
        ))
        #expect(try fixture.pools.adminGetUser(poolId: pool.id, username: "alice").attributes.value(of: "custom:billing") == "secret-plan")
        let first = try fixture.firstSignIn(open)
        for tokens in [first, try fixture.signIn(naming)] {
            let id = try fixture.pools.verifyToken(tokens.idToken, use: .id, poolId: pool.id)
            #expect(id["custom:tenant_id"] == "T1")
            #expect(id["custom:billing"] == nil)
            let user = try fixture.pools.getUser(accessToken: tokens.accessToken)
            #expect(user.attributes.value(of: "custom:tenant_id") == "T1")
            #expect(user.attributes.value(of: "custom:billing") == nil)
        }
    }
}
