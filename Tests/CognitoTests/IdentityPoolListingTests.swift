import Cognito
import Core
import Foundation
import IAM
import Testing

/// ListIdentities and DescribeIdentity on the identity-pool engine.
@Suite struct IdentityPoolListingTests {
    @Test func identitiesAreListedInCreationOrderAPageAtATime() throws {
        let world = IdentityPoolWorld()
        let pool = try world.pool(allowGuests: true)
        let other = try world.pool(allowGuests: true)
        var created: [String] = []
        for index in 0..<5 {
            created.append(try world.pools.getId(poolId: pool.id, logins: [:]))
            _ = try world.pools.getId(poolId: other.id, logins: [:])
            world.clock.advance(by: Double(index + 1))
        }
        var listed: [String] = []
        var token: String?
        var pages = 0
        repeat {
            let page = try world.pools.listIdentities(poolId: pool.id, maxResults: 2, nextToken: token)
            #expect(page.identities.count <= 2)
            #expect(page.identities.allSatisfy { $0.poolId == pool.id })
            listed += page.identities.map(\.identityId)
            token = page.nextToken
            pages += 1
        } while token != nil && pages < 10
        #expect(listed == created)
        #expect(pages == 3)
        let whole = try world.pools.listIdentities(poolId: pool.id, maxResults: 60, hideDisabled: true)
        #expect(whole.identities.map(\.identityId) == created)
        #expect(whole.nextToken == nil)
    }

    @Test func describeIdentityNamesItsProvidersAndWhenALoginWasLinked() throws {
        let world = IdentityPoolWorld()
        let pool = try world.pool(allowGuests: true, classicFlow: true)
        let start = world.clock.now()
        let guest = try world.pools.getId(poolId: pool.id, logins: [:])
        let before = try world.pools.describeIdentity(id: guest)
        #expect(before.identityId == guest && before.poolId == pool.id && before.logins.isEmpty)
        #expect(before.created == start && before.lastModified == start)
        world.clock.advance(by: 60)
        // The guest signs in: the login is linked, and the identity modified.
        _ = try world.pools.openIdToken(identityId: guest, logins: [FakeUserPools.tenantOne: world.users.idToken(sub: "u1")])
        let after = try world.pools.describeIdentity(id: guest)
        #expect(after.logins == [FakeUserPools.tenantOne])
        #expect(after.created == start)
        #expect(after.lastModified == start.addingTimeInterval(60))
        // Signing in again links nothing new.
        world.clock.advance(by: 60)
        #expect(try world.pools.getId(poolId: pool.id, logins: [FakeUserPools.tenantOne: world.users.idToken(sub: "u1")]) == guest)
        #expect(try world.pools.describeIdentity(id: guest).lastModified == start.addingTimeInterval(60))
        #expect(try world.pools.listIdentities(poolId: pool.id, maxResults: 1).identities == [after])
        #expect(world.pools.poolId(ofIdentity: guest) == pool.id)
        #expect(world.pools.poolId(ofIdentity: "us-east-1:00000000-0000-4000-8000-000000000000") == nil)
    }

    @Test func refusesWhatAWSRefuses() throws {
        let world = IdentityPoolWorld()
        let pool = try world.pool()
        for maxResults in [0, 61] {
            #expect(throws: CognitoError(
                code: "ValidationException",
                message: "1 validation error detected: Value '\(maxResults)' at 'maxResults' failed to satisfy constraint: Member must have value between 1 and 60"
            )) {
                try world.pools.listIdentities(poolId: pool.id, maxResults: maxResults)
            }
        }
        #expect(throws: CognitoError.invalidParameter("Invalid NextToken: !!")) {
            try world.pools.listIdentities(poolId: pool.id, maxResults: 1, nextToken: "!!")
        }
        #expect(throws: CognitoError.resourceNotFound("IdentityPool 'us-east-1:00000000-0000-4000-8000-000000000000' not found.")) {
            try world.pools.listIdentities(poolId: "us-east-1:00000000-0000-4000-8000-000000000000", maxResults: 1)
        }
        #expect(throws: CognitoError.resourceNotFound("Identity 'us-east-1:00000000-0000-4000-8000-000000000000' not found.")) {
            try world.pools.describeIdentity(id: "us-east-1:00000000-0000-4000-8000-000000000000")
        }
        #expect(throws: CognitoError.self) { try world.pools.describeIdentity(id: "not an id") }
        // A token from past the end is an empty last page, not an error.
        let beyond = try world.pools.listIdentities(poolId: pool.id, maxResults: 1, nextToken: Base64URL.encode(Array("999".utf8)))
        #expect(beyond.identities.isEmpty && beyond.nextToken == nil)
    }

    @Test func aDeletedPoolTakesItsIdentitiesListingWithIt() throws {
        let world = IdentityPoolWorld()
        let pool = try world.pool(allowGuests: true)
        let id = try world.pools.getId(poolId: pool.id, logins: [:])
        try world.pools.deleteIdentityPool(id: pool.id)
        #expect(throws: CognitoError.resourceNotFound("Identity '\(id)' not found.")) { try world.pools.describeIdentity(id: id) }
    }

    @Test func aCopyListsTheSameIdentitiesAndGoesOnAlone() throws {
        let engines = CognitoEngines()
        let pool = try engines.identityPools.createIdentityPool(IdentityPoolSettings(name: "guests", allowUnauthenticatedIdentities: true))
        let first = try engines.identityPools.getId(poolId: pool.id, logins: [:])
        let copy = engines.copy(clock: ManualClock(start: CognitoEngines.start), random: SeededRandomSource(seed: 8))
        #expect(try copy.identityPools.describeIdentity(id: first) == engines.identityPools.describeIdentity(id: first))
        let onlyInCopy = try copy.identityPools.getId(poolId: pool.id, logins: [:])
        #expect(try copy.identityPools.listIdentities(poolId: pool.id, maxResults: 10).identities.map(\.identityId) == [first, onlyInCopy])
        #expect(try engines.identityPools.listIdentities(poolId: pool.id, maxResults: 10).identities.map(\.identityId) == [first])
    }
}
