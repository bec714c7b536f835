import Cognito
import Core
import Foundation
import IAM
import Testing

/// Guest identities, and the OpenID tokens the service issues and STS verifies.
@Suite struct IdentityPoolGuestAndTokenTests {
    let world = IdentityPoolWorld()

    @Test func guestsOnlyWhereThePoolAllowsThem() throws {
        let closed = try world.pool()
        #expect(throws: CognitoError.notAuthorized("Unauthenticated access is not supported for this identity pool.")) {
            try world.pools.getId(poolId: closed.id, logins: [:])
        }
        let open = try world.pool(allowGuests: true)
        let first = try world.pools.getId(poolId: open.id, logins: [:])
        #expect(try world.pools.getId(poolId: open.id, logins: [:]) != first)
    }

    @Test func guestCredentialsUseTheUnauthenticatedRole() throws {
        let pool = try world.pool(allowGuests: true)
        try world.role("Guest", poolId: pool.id, amr: "unauthenticated")
        let id = try world.pools.getId(poolId: pool.id, logins: [:])
        #expect(throws: CognitoError(code: "InvalidIdentityPoolConfigurationException", message: "Invalid identity pool configuration. Check assigned IAM roles for this pool.")) {
            try world.pools.credentials(identityId: id, logins: [:])
        }
        try world.pools.setRoles(poolId: pool.id, roles: IdentityPoolRoles(unauthenticated: IdentityPoolWorld.roleARN("Guest")), roleMappings: [:])
        let issued = try world.pools.credentials(identityId: id, logins: [:])
        #expect(issued.roleARN == IdentityPoolWorld.roleARN("Guest"))
        #expect(try world.principal(issued).contextKeys["cognito-identity.amazonaws.com:amr"] == ["unauthenticated"])
        // Guest access switched off later: the guest identity can no longer get credentials.
        _ = try world.pools.updateIdentityPool(id: pool.id, settings: IdentityPoolSettings(name: "closed", allowUnauthenticatedIdentities: false, providers: pool.settings.providers))
        #expect(throws: CognitoError.notAuthorized("Unauthenticated access is not supported for this identity pool.")) {
            try world.pools.credentials(identityId: id, logins: [:])
        }
    }

    @Test func aGuestWhoLogsInBecomesAuthenticated() throws {
        let pool = try world.pool(allowGuests: true, classicFlow: true)
        let id = try world.pools.getId(poolId: pool.id, logins: [:])
        let logins = [FakeUserPools.tenantOne: world.users.idToken(sub: "dave")]
        _ = try world.pools.openIdToken(identityId: id, logins: logins)
        #expect(try world.pools.getId(poolId: pool.id, logins: logins) == id)
        #expect(throws: CognitoError.notAuthorized("Access to Identity '\(id)' is forbidden.")) { try world.pools.openIdToken(identityId: id, logins: [:]) }
    }

    @Test func openIdTokensSayWhoAndWhereAndSTSVerifiesThem() throws {
        let pool = try world.pool(classicFlow: true)
        try world.pools.setPrincipalTagMap(poolId: pool.id, providerName: FakeUserPools.tenantOne, useDefaults: false, tags: ["tenant_id": "custom:tenant_id"])
        let logins = [FakeUserPools.tenantOne: world.users.idToken(sub: "erin", claims: ["custom:tenant_id": "T9"])]
        let id = try world.pools.getId(poolId: pool.id, logins: logins)
        let token = try world.pools.openIdToken(identityId: id, logins: logins)
        let identity = try world.pools.tokens.verify(token, at: world.clock.now())
        #expect(identity.provider == "cognito-identity.amazonaws.com")
        #expect(identity.subject == id && identity.audience == pool.id)
        #expect(identity.authenticationMethods == ["authenticated", FakeUserPools.tenantOne, "\(FakeUserPools.tenantOne):CognitoSignIn:erin"])
        #expect(identity.principalTags == ["tenant_id": "T9"])
        let expiry = Int(world.clock.now().timeIntervalSince1970) + 600
        #expect(throws: IAMError.expiredWebIdentityToken(now: expiry, expiry: expiry)) {
            try world.pools.tokens.verify(token, at: world.clock.now().addingTimeInterval(600))
        }
    }

    @Test func STSRefusesTokensItDidNotIssue() throws {
        let stranger = IdentityPoolTokens(key: HS256Key(keyId: "cognito-identity-1", secret: Array("not the service key".utf8)))
        let forged = stranger.issue(identityId: "us-east-1:1", poolId: "us-east-1:2", amr: ["authenticated"], principalTags: [:], at: world.clock.now())
        #expect(throws: IAMError.invalidIdentityToken("Couldn't verify signed token.")) { try world.pools.tokens.verify(forged, at: world.clock.now()) }
        let wrongIssuer = JWT.sign(["iss": "https://example.com", "sub": "x", "aud": "y", "exp": 1_900_000_000], with: HS256Key(keyId: "k", secret: [1]))
        #expect(throws: IAMError.self) { try IdentityPoolTokens(key: HS256Key(keyId: "k", secret: [1])).verify(wrongIssuer, at: world.clock.now()) }
        #expect(throws: IAMError.invalidIdentityToken("No OpenIDConnect provider found in your account for https://example.com")) {
            try IdentityPoolTokens(key: HS256Key(keyId: "k", secret: [1])).verify(wrongIssuer, at: world.clock.now())
        }
    }

    @Test func refusingVerifierRefusesEverything() throws {
        #expect(throws: CognitoError.self) {
            try RefusingLoginTokenVerifier().verifyIDToken("a.b.c", providerName: FakeUserPools.tenantOne, at: Date())
        }
    }
}
