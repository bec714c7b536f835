import Cognito
import Core
import Foundation
import IAM
import Testing

/// The basic (classic) flow lets the caller pick the role, so it must not get past role
/// mapping: only pools with AllowClassicFlow and no role mappings give GetOpenIdToken tokens,
/// and STS takes them only while that still holds.
@Suite struct IdentityPoolClassicFlowTests {
    let world = IdentityPoolWorld()
    static let provider = FakeUserPools.tenantOne
    static let notEnabled = CognitoError.invalidParameter("Basic (classic) flow is not enabled, please use enhanced flow.")

    func login(_ sub: String, tenant: String) -> [String: String] {
        [Self.provider: world.users.idToken(sub: sub, clientId: "client1", claims: ["custom:tenant_id": .string(tenant)])]
    }

    /// The review's probe: a TENANT2 user took GetOpenIdToken's token to STS and assumed Tenant1Role.
    @Test func aTenantTwoUserCannotAssumeTenantOnesRoleThroughTheBasicFlow() throws {
        let pool = try world.pool()
        try world.role("Tenant1Role", poolId: pool.id)
        try world.role("Tenant2Role", poolId: pool.id)
        let mapping = RoleMapping(type: .rules, ambiguousRoleResolution: .deny, rules: [
            MappingRule(claim: "custom:tenant_id", matchType: .equals, value: "TENANT1", roleARN: IdentityPoolWorld.roleARN("Tenant1Role")),
            MappingRule(claim: "custom:tenant_id", matchType: .equals, value: "TENANT2", roleARN: IdentityPoolWorld.roleARN("Tenant2Role")),
        ])
        try world.pools.setRoles(poolId: pool.id, roles: IdentityPoolRoles(), roleMappings: ["\(Self.provider):client1": mapping])
        let mallory = login("mallory", tenant: "TENANT2")
        let id = try world.pools.getId(poolId: pool.id, logins: mallory)
        #expect(throws: Self.notEnabled) { try world.pools.openIdToken(identityId: id, logins: mallory) }
        // Even a token of the pool in hand (as GetOpenIdToken used to give) gets nowhere.
        let token = world.pools.tokens.issue(identityId: id, poolId: pool.id, amr: ["authenticated"], principalTags: [:], at: world.clock.now())
        #expect(throws: IAMError.invalidIdentityToken("Basic (classic) flow is not enabled, please use enhanced flow.")) {
            try world.sts.assumeRoleWithWebIdentity(roleARN: IdentityPoolWorld.roleARN("Tenant1Role"), sessionName: "x1", webIdentityToken: token)
        }
        // The enhanced flow still works and gives the mapped role.
        #expect(try world.pools.credentials(identityId: id, logins: mallory).roleARN == IdentityPoolWorld.roleARN("Tenant2Role"))
        // Classic flow switched on, but role mappings remain: still refused, as in AWS.
        _ = try world.pools.updateIdentityPool(id: pool.id, settings: IdentityPoolSettings(
            name: "p", allowUnauthenticatedIdentities: false, providers: pool.settings.providers, allowClassicFlow: true
        ))
        #expect(throws: CognitoError.invalidParameter("Basic (classic) flow is not supported with RoleMappings, please use enhanced flow.")) {
            try world.pools.openIdToken(identityId: id, logins: mallory)
        }
        #expect(throws: IAMError.self) {
            try world.sts.assumeRoleWithWebIdentity(roleARN: IdentityPoolWorld.roleARN("Tenant1Role"), sessionName: "x1", webIdentityToken: token)
        }
    }

    @Test func aClassicFlowPoolsTokensWorkUntilTheFlowIsSwitchedOff() throws {
        let pool = try world.pool(classicFlow: true)
        #expect(pool.settings.allowClassicFlow)
        try world.role("Reader", poolId: pool.id)
        let alice = login("alice", tenant: "TENANT1")
        let id = try world.pools.getId(poolId: pool.id, logins: alice)
        let token = try world.pools.openIdToken(identityId: id, logins: alice)
        let (assumed, _) = try world.sts.assumeRoleWithWebIdentity(roleARN: IdentityPoolWorld.roleARN("Reader"), sessionName: "s1", webIdentityToken: token)
        #expect(assumed.assumedRoleARN == "arn:aws:sts::123456789012:assumed-role/Reader/s1")
        _ = try world.pools.updateIdentityPool(id: pool.id, settings: IdentityPoolSettings(
            name: "p", allowUnauthenticatedIdentities: false, providers: pool.settings.providers
        ))
        #expect(try world.pools.identityPool(id: pool.id).settings.allowClassicFlow == false)
        #expect(throws: IAMError.invalidIdentityToken("Basic (classic) flow is not enabled, please use enhanced flow.")) {
            try world.sts.assumeRoleWithWebIdentity(roleARN: IdentityPoolWorld.roleARN("Reader"), sessionName: "s1", webIdentityToken: token)
        }
    }

    @Test func enhancedFlowTokensAreRedeemedOnceAndUnmarkedTokensNever() throws {
        let pool = try world.pool()
        try world.role("Reader", poolId: pool.id)
        let token = world.pools.tokens.issue(identityId: "us-east-1:1", poolId: pool.id, amr: ["authenticated"], principalTags: [:], at: world.clock.now(), flow: .enhanced)
        _ = try world.sts.assumeRoleWithWebIdentity(roleARN: IdentityPoolWorld.roleARN("Reader"), sessionName: "s1", webIdentityToken: token)
        #expect(throws: IAMError.self) {
            try world.sts.assumeRoleWithWebIdentity(roleARN: IdentityPoolWorld.roleARN("Reader"), sessionName: "s1", webIdentityToken: token)
        }
        let unmarked = JWT.sign([
            "iss": .string(IdentityPoolTokens.issuer), "sub": "us-east-1:1", "aud": .string(pool.id), "amr": ["authenticated"], "exp": 1_900_000_000,
        ], with: HS256Key(keyId: "k", secret: [1]))
        #expect(throws: IAMError.invalidIdentityToken("The web identity token names no authentication flow")) {
            try IdentityPoolTokens(key: HS256Key(keyId: "k", secret: [1])).verify(unmarked, at: world.clock.now())
        }
    }
}

/// An IdentityId is not a credential: naming someone else's identity with a login of your
/// own must get nothing (the review's takeover finding).
@Suite struct IdentityPoolTakeoverTests {
    let world = IdentityPoolWorld()
    static let provider = FakeUserPools.tenantOne
    static let refusal = CognitoError.notAuthorized("Logins don't match. Please include at least one valid login for this identity or identity pool.")

    func login(_ sub: String) -> [String: String] {
        [Self.provider: world.users.idToken(sub: sub, clientId: "client1", claims: ["custom:tenant_id": "TENANT1"])]
    }

    @Test func aFreshLoginCannotClaimAnotherUsersIdentity() throws {
        let pool = try world.pool(classicFlow: true)
        try world.role("Auth", poolId: pool.id)
        try world.pools.setRoles(poolId: pool.id, roles: IdentityPoolRoles(authenticated: IdentityPoolWorld.roleARN("Auth")), roleMappings: [:])
        let alice = try world.pools.getId(poolId: pool.id, logins: login("alice"))
        #expect(throws: Self.refusal) { try world.pools.credentials(identityId: alice, logins: login("mallory")) }
        #expect(throws: Self.refusal) { try world.pools.openIdToken(identityId: alice, logins: login("mallory")) }
        // The refusal linked nothing: mallory still gets an identity of her own, alice keeps hers.
        let mallory = try world.pools.getId(poolId: pool.id, logins: login("mallory"))
        #expect(mallory != alice)
        #expect(try world.pools.credentials(identityId: alice, logins: login("alice")).identityId == alice)
    }

    @Test func aKnownLoginMayBringANewOne() throws {
        let pool = try world.pool(clients: ["client1", "client2"], classicFlow: true)
        let alice = try world.pools.getId(poolId: pool.id, logins: login("alice"))
        let second = [FakeUserPools.tenantOne: world.users.idToken(sub: "alice", clientId: "client1"),
                      "cognito-idp.us-east-1.amazonaws.com/us-east-1_Other": "x"]
        // A provider the pool lacks is refused before any linking.
        #expect(throws: CognitoError.self) { try world.pools.openIdToken(identityId: alice, logins: second) }
        // Alice's own login alone still works, and mallory with alice's login does not gain hers.
        _ = try world.pools.openIdToken(identityId: alice, logins: login("alice"))
        #expect(throws: Self.refusal) { try world.pools.openIdToken(identityId: alice, logins: login("mallory")) }
    }
}
