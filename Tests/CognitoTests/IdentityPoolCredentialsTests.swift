import Cognito
import Core
import Foundation
import IAM
import Testing

/// GetId, GetOpenIdToken and GetCredentialsForIdentity end to end through STS and the
/// identity store, as Lab 3 uses them.
@Suite struct IdentityPoolCredentialsTests {
    let world = IdentityPoolWorld()
    static let table = "arn:aws:dynamodb:us-east-1:123456789012:table/ProductBootcamp"
    static let tenantPolicy = #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"dynamodb:Query","Resource":"arn:aws:dynamodb:us-east-1:123456789012:table/ProductBootcamp","Condition":{"ForAllValues:StringEquals":{"dynamodb:LeadingKeys":["${aws:PrincipalTag/tenant_id}"]}}}]}"#
    static let provider = FakeUserPools.tenantOne

    /// The bootcamp's pool: Rules on custom:role, Deny on ambiguity, tenant_id as a tag.
    private func bootcampPool() throws -> IdentityPool {
        let pool = try world.pool()
        try world.role("Trust", poolId: pool.id)
        try world.role("TenantAdmin", poolId: pool.id, policy: Self.tenantPolicy)
        try world.role("TenantUser", poolId: pool.id)
        let mapping = RoleMapping(type: .rules, ambiguousRoleResolution: .deny, rules: [
            MappingRule(claim: "custom:role", matchType: .equals, value: "TenantAdmin", roleARN: IdentityPoolWorld.roleARN("TenantAdmin")),
            MappingRule(claim: "custom:role", matchType: .equals, value: "TenantUser", roleARN: IdentityPoolWorld.roleARN("TenantUser")),
        ])
        try world.pools.setRoles(
            poolId: pool.id, roles: IdentityPoolRoles(authenticated: IdentityPoolWorld.roleARN("Trust")),
            roleMappings: ["\(Self.provider):client1": mapping]
        )
        try world.pools.setPrincipalTagMap(poolId: pool.id, providerName: Self.provider, useDefaults: false, tags: ["tenant_id": "custom:tenant_id"])
        return pool
    }

    private func login(_ sub: String, role: String = "TenantAdmin", tenant: String = "TENANT1", clientId: String = "client1") -> [String: String] {
        [Self.provider: world.users.idToken(sub: sub, clientId: clientId, claims: ["custom:role": .string(role), "custom:tenant_id": .string(tenant)])]
    }

    @Test func theSameUserGetsTheSameIdentityEveryTime() throws {
        let pool = try bootcampPool()
        let first = try world.pools.getId(poolId: pool.id, logins: login("alice"))
        #expect(first.hasPrefix("us-east-1:"))
        #expect(try world.pools.getId(poolId: pool.id, logins: login("alice", role: "TenantUser")) == first)
        #expect(try world.pools.getId(poolId: pool.id, logins: login("bob")) != first)
        let other = try world.pool()
        #expect(try world.pools.getId(poolId: other.id, logins: login("alice")) != first)
    }

    @Test func tenantCredentialsCarryTheMappedRoleAndTenantTag() throws {
        let pool = try bootcampPool()
        let id = try world.pools.getId(poolId: pool.id, logins: login("alice"))
        let issued = try world.pools.credentials(identityId: id, logins: login("alice"))
        #expect(issued.identityId == id && issued.roleARN == IdentityPoolWorld.roleARN("TenantAdmin"))
        #expect(issued.assumedRoleARN == "arn:aws:sts::123456789012:assumed-role/TenantAdmin/CognitoIdentityCredentials")
        #expect(issued.credentials.accessKeyId.hasPrefix("ASIA"))
        #expect(issued.credentials.expiration == world.clock.now().addingTimeInterval(3600))
        let principal = try world.principal(issued)
        #expect(principal.arn == issued.assumedRoleARN)
        #expect(principal.tags["tenant_id"] == "TENANT1")
        #expect(principal.contextKeys["cognito-identity.amazonaws.com:sub"] == [id])
        #expect(principal.contextKeys["cognito-identity.amazonaws.com:aud"] == [pool.id])
        #expect(principal.contextKeys["cognito-identity.amazonaws.com:amr"] == ["authenticated", Self.provider, "\(Self.provider):CognitoSignIn:alice"])
        #expect(world.store.authorize(principal, action: "dynamodb:Query", resource: Self.table, context: ["dynamodb:LeadingKeys": ["TENANT1"]]).isAllowed)
        let other = world.store.authorize(principal, action: "dynamodb:Query", resource: Self.table, context: ["dynamodb:LeadingKeys": ["TENANT2"]])
        #expect(!other.isAllowed)
        #expect(other.accessDeniedMessage.hasPrefix("User: \(issued.assumedRoleARN) is not authorized to perform: dynamodb:Query"))
    }

    @Test func aRoleWithoutAMatchingRuleIsDenied() throws {
        let pool = try bootcampPool()
        let id = try world.pools.getId(poolId: pool.id, logins: login("mallory", role: "SystemAdmin"))
        #expect(throws: CognitoError.notAuthorized("The ambiguous role mapping rules for: \(Self.provider):client1 denied this request.")) {
            try world.pools.credentials(identityId: id, logins: login("mallory", role: "SystemAdmin"))
        }
    }

    @Test func aTokenForAnUnconfiguredClientOrProviderIsRefused() throws {
        let pool = try bootcampPool()
        let unsupported = CognitoError.notAuthorized("Token is not from a supported provider of this identity pool.")
        #expect(throws: unsupported) { try world.pools.getId(poolId: pool.id, logins: login("alice", clientId: "client2")) }
        let foreign = [FakeUserPools.tenantTwo: world.users.idToken(FakeUserPools.tenantTwo, sub: "alice")]
        #expect(throws: unsupported) { try world.pools.getId(poolId: pool.id, logins: foreign) }
    }

    @Test func theVerifiersRefusalsPassThrough() throws {
        let pool = try bootcampPool()
        let expired = [Self.provider: world.users.idToken(sub: "alice", expires: world.clock.now())]
        #expect(throws: CognitoError.notAuthorized("Invalid login token. Token expired.")) { try world.pools.getId(poolId: pool.id, logins: expired) }
        #expect(throws: CognitoError.notAuthorized("Invalid login token. Token signature invalid.")) {
            try world.pools.getId(poolId: pool.id, logins: [Self.provider: "a.b.c"])
        }
    }

    @Test func aTrustPolicyForAnotherPoolMakesTheConfigurationInvalid() throws {
        let pool = try world.pool()
        try world.role("Elsewhere", poolId: "us-east-1:00000000-0000-4000-8000-000000000000")
        try world.pools.setRoles(poolId: pool.id, roles: IdentityPoolRoles(authenticated: IdentityPoolWorld.roleARN("Elsewhere")), roleMappings: [:])
        let id = try world.pools.getId(poolId: pool.id, logins: login("alice"))
        #expect(throws: CognitoError(code: "InvalidIdentityPoolConfigurationException", message: "Invalid identity pool configuration. Check assigned IAM roles for this pool.")) {
            try world.pools.credentials(identityId: id, logins: login("alice"))
        }
    }

    @Test func principalTagsNeedTagSessionInTheTrustPolicy() throws {
        let pool = try world.pool()
        try world.role("NoTags", poolId: pool.id, tagSession: false)
        try world.pools.setRoles(poolId: pool.id, roles: IdentityPoolRoles(authenticated: IdentityPoolWorld.roleARN("NoTags")), roleMappings: [:])
        let id = try world.pools.getId(poolId: pool.id, logins: login("alice"))
        #expect(try world.pools.credentials(identityId: id, logins: login("alice")).roleARN == IdentityPoolWorld.roleARN("NoTags"))
        try world.pools.setPrincipalTagMap(poolId: pool.id, providerName: Self.provider, useDefaults: true, tags: [:])
        #expect(throws: CognitoError.self) { try world.pools.credentials(identityId: id, logins: login("alice")) }
    }

    @Test func defaultTagsAreTheUserAndTheClient() throws {
        let pool = try world.pool()
        try world.role("Trust", poolId: pool.id)
        try world.pools.setRoles(poolId: pool.id, roles: IdentityPoolRoles(authenticated: IdentityPoolWorld.roleARN("Trust")), roleMappings: [:])
        try world.pools.setPrincipalTagMap(poolId: pool.id, providerName: Self.provider, useDefaults: true, tags: [:])
        let id = try world.pools.getId(poolId: pool.id, logins: login("alice"))
        let principal = try world.principal(world.pools.credentials(identityId: id, logins: login("alice")))
        #expect(principal.tags == ["username": "alice", "client": "client1"])
    }

    @Test func customRoleArnFromTheTokensRolesThroughTheEngine() throws {
        let pool = try world.pool()
        for name in ["Trust", "Readers", "Writers"] { try world.role(name, poolId: pool.id) }
        try world.pools.setRoles(
            poolId: pool.id, roles: IdentityPoolRoles(authenticated: IdentityPoolWorld.roleARN("Trust")),
            roleMappings: ["\(Self.provider):client1": RoleMapping(type: .token, ambiguousRoleResolution: .deny)]
        )
        let roles: JSON = [.string(IdentityPoolWorld.roleARN("Readers")), .string(IdentityPoolWorld.roleARN("Writers"))]
        let logins = [Self.provider: world.users.idToken(sub: "carol", claims: ["cognito:roles": roles, "cognito:preferred_role": .string(IdentityPoolWorld.roleARN("Readers"))])]
        let id = try world.pools.getId(poolId: pool.id, logins: logins)
        #expect(try world.pools.credentials(identityId: id, logins: logins).roleARN == IdentityPoolWorld.roleARN("Readers"))
        #expect(try world.pools.credentials(identityId: id, logins: logins, customRoleARN: IdentityPoolWorld.roleARN("Writers")).roleARN == IdentityPoolWorld.roleARN("Writers"))
        #expect(throws: CognitoError.self) { try world.pools.credentials(identityId: id, logins: logins, customRoleARN: IdentityPoolWorld.roleARN("Trust")) }
    }

    @Test func loginsMustBelongToTheIdentity() throws {
        let pool = try bootcampPool()
        let alice = try world.pools.getId(poolId: pool.id, logins: login("alice"))
        _ = try world.pools.getId(poolId: pool.id, logins: login("bob"))
        #expect(throws: CognitoError.notAuthorized("Logins don't match. Please include at least one valid login for this identity or identity pool.")) {
            try world.pools.credentials(identityId: alice, logins: login("bob"))
        }
        #expect(throws: CognitoError.notAuthorized("Access to Identity '\(alice)' is forbidden.")) {
            try world.pools.credentials(identityId: alice, logins: [:])
        }
        let unknown = "us-east-1:00000000-0000-4000-8000-000000000000"
        #expect(throws: CognitoError.resourceNotFound("Identity '\(unknown)' not found.")) { try world.pools.credentials(identityId: unknown, logins: [:]) }
        try world.pools.deleteIdentityPool(id: pool.id)
        #expect(throws: CognitoError.resourceNotFound("Identity '\(alice)' not found.")) { try world.pools.credentials(identityId: alice, logins: login("alice")) }
    }
}
