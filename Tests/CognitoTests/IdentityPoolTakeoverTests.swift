import Cognito
import Core
import Foundation
import IAM
import Testing

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
