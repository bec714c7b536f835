import Cognito
import Core
import Foundation
import IAM
import Testing

/// Pools, roles, role mappings and principal-tag maps as the engine keeps them.
@Suite struct IdentityPoolManagementTests {
    let world = IdentityPoolWorld()

    @Test func createsDescribesUpdatesAndDeletes() throws {
        let pool = try world.pool()
        #expect(pool.id.hasPrefix("us-east-1:"))
        #expect(pool.id.count == "us-east-1:".count + 36)
        #expect(try world.pools.identityPool(id: pool.id) == pool)
        let updated = try world.pools.updateIdentityPool(id: pool.id, settings: IdentityPoolSettings(name: "renamed", allowUnauthenticatedIdentities: true))
        #expect(updated.settings.name == "renamed" && updated.settings.allowUnauthenticatedIdentities && updated.settings.providers.isEmpty)
        try world.pools.deleteIdentityPool(id: pool.id)
        #expect(throws: CognitoError.resourceNotFound("IdentityPool '\(pool.id)' not found.")) { try world.pools.identityPool(id: pool.id) }
        #expect(throws: CognitoError.resourceNotFound("IdentityPool '\(pool.id)' not found.")) { try world.pools.deleteIdentityPool(id: pool.id) }
    }

    @Test func seededRunsGiveTheSameIds() throws {
        #expect(try IdentityPoolWorld(seed: 3).pool().id == IdentityPoolWorld(seed: 3).pool().id)
        #expect(try IdentityPoolWorld(seed: 3).pool().id != IdentityPoolWorld(seed: 4).pool().id)
    }

    @Test func listsInPagesThatSurviveDeletion() throws {
        let ids = try (0..<5).map { _ in try world.pool().id }
        let first = try world.pools.listIdentityPools(maxResults: 2)
        #expect(first.pools.map(\.id) == Array(ids[0..<2]))
        try world.pools.deleteIdentityPool(id: ids[2])
        let token = try #require(first.nextToken)
        let second = try world.pools.listIdentityPools(maxResults: 2, nextToken: token)
        #expect(second.pools.map(\.id) == [ids[3], ids[4]])
        #expect(second.nextToken == nil)
        #expect(throws: CognitoError.self) { try world.pools.listIdentityPools(maxResults: 0) }
        #expect(throws: CognitoError.invalidParameter("Invalid NextToken: !!")) { try world.pools.listIdentityPools(maxResults: 5, nextToken: "!!") }
    }

    @Test func refusesBadNamesIdsAndProviders() throws {
        let bad = IdentityPoolSettings(name: "no/slashes", allowUnauthenticatedIdentities: false)
        #expect(throws: CognitoError(code: "ValidationException", message: #"1 validation error detected: Value 'no/slashes' at 'identityPoolName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\w\s+=,.@-]+"#)) {
            try world.pools.createIdentityPool(bad)
        }
        #expect(throws: CognitoError(code: "ValidationException", message: #"1 validation error detected: Value 'us-east-2:mock' at 'identityPoolId' failed to satisfy constraint: Member must satisfy regular expression pattern: [\w-]+:[0-9a-f-]+"#)) {
            try world.pools.identityPool(id: "us-east-2:mock")
        }
        let google = IdentityPoolSettings(name: "p", allowUnauthenticatedIdentities: false, providers: [.init(providerName: "accounts.google.com", clientId: "c")])
        #expect(throws: CognitoError.self) { try world.pools.createIdentityPool(google) }
        let twice = CognitoIdentityProvider(providerName: FakeUserPools.tenantOne, clientId: "c")
        #expect(throws: CognitoError.invalidParameter("Duplicate provider: \(FakeUserPools.tenantOne) with client id c")) {
            try world.pools.createIdentityPool(IdentityPoolSettings(name: "p", allowUnauthenticatedIdentities: false, providers: [twice, twice]))
        }
    }

    @Test func setsAndGetsRolesAndMappings() throws {
        let pool = try world.pool()
        let mapping = RoleMapping(type: .rules, ambiguousRoleResolution: .deny, rules: [
            MappingRule(claim: "custom:role", matchType: .equals, value: "TenantAdmin", roleARN: IdentityPoolWorld.roleARN("TenantAdmin")),
        ])
        let key = "\(FakeUserPools.tenantOne):client1"
        try world.pools.setRoles(poolId: pool.id, roles: IdentityPoolRoles(authenticated: IdentityPoolWorld.roleARN("Trust")), roleMappings: [key: mapping])
        let read = try world.pools.roles(poolId: pool.id)
        #expect(read.roles.authenticated == IdentityPoolWorld.roleARN("Trust") && read.roles.unauthenticated == nil)
        #expect(read.roleMappings == [key: mapping])
    }

    @Test func refusesMappingsForUnknownProvidersAndEmptyOrLongRuleLists() throws {
        let pool = try world.pool()
        let rule = MappingRule(claim: "custom:role", matchType: .equals, value: "TenantAdmin", roleARN: IdentityPoolWorld.roleARN("A"))
        let unknown = "\(FakeUserPools.tenantOne):someOtherClient"
        #expect(throws: CognitoError.self) {
            try world.pools.setRoles(poolId: pool.id, roles: IdentityPoolRoles(), roleMappings: [unknown: RoleMapping(type: .rules, ambiguousRoleResolution: .deny, rules: [rule])])
        }
        let key = "\(FakeUserPools.tenantOne):client1"
        #expect(throws: CognitoError.invalidParameter("RulesConfiguration with at least one rule is required when the role mapping type is Rules (\(key))")) {
            try world.pools.setRoles(poolId: pool.id, roles: IdentityPoolRoles(), roleMappings: [key: RoleMapping(type: .rules, ambiguousRoleResolution: .deny)])
        }
        let tooMany = RoleMapping(type: .rules, ambiguousRoleResolution: .deny, rules: Array(repeating: rule, count: 26))
        #expect(throws: CognitoError.self) { try world.pools.setRoles(poolId: pool.id, roles: IdentityPoolRoles(), roleMappings: [key: tooMany]) }
        let atLimit = RoleMapping(type: .rules, ambiguousRoleResolution: .deny, rules: Array(repeating: rule, count: 25))
        try world.pools.setRoles(poolId: pool.id, roles: IdentityPoolRoles(), roleMappings: [key: atLimit])
        // Token mappings need no rules.
        try world.pools.setRoles(poolId: pool.id, roles: IdentityPoolRoles(), roleMappings: [key: RoleMapping(type: .token, ambiguousRoleResolution: .authenticatedRole)])
    }

    @Test func refusesRoleARNsThatAreNotRolesOfThisAccount() throws {
        let pool = try world.pool()
        #expect(throws: CognitoError.invalidParameter("Invalid role ARN 'arn:aws:iam::999999999999:role/Other': expected arn:aws:iam::123456789012:role/<name>")) {
            try world.pools.setRoles(poolId: pool.id, roles: IdentityPoolRoles(authenticated: "arn:aws:iam::999999999999:role/Other"), roleMappings: [:])
        }
        #expect(throws: CognitoError(code: "ValidationException", message: "1 validation error detected: Value 'short' at 'roles.unauthenticated' failed to satisfy constraint: Member must have length between 20 and 2048")) {
            try world.pools.setRoles(poolId: pool.id, roles: IdentityPoolRoles(unauthenticated: "short"), roleMappings: [:])
        }
        #expect(throws: CognitoError.self) {
            try world.pools.setRoles(poolId: pool.id, roles: IdentityPoolRoles(authenticated: "arn:aws:iam::123456789012:user/alice"), roleMappings: [:])
        }
    }

    @Test func principalTagMapsWithDefaultsAndCustomTags() throws {
        let pool = try world.pool()
        let never = try world.pools.principalTagMap(poolId: pool.id, providerName: FakeUserPools.tenantOne)
        #expect(!never.useDefaults && never.tags.isEmpty)
        let defaults = try world.pools.setPrincipalTagMap(poolId: pool.id, providerName: FakeUserPools.tenantOne, useDefaults: true, tags: ["ignored": "email"])
        #expect(defaults.tags == ["username": "sub", "client": "aud"])
        try world.pools.setPrincipalTagMap(poolId: pool.id, providerName: FakeUserPools.tenantOne, useDefaults: false, tags: ["tenant_id": "custom:tenant_id"])
        let read = try world.pools.principalTagMap(poolId: pool.id, providerName: FakeUserPools.tenantOne)
        #expect(!read.useDefaults && read.tags == ["tenant_id": "custom:tenant_id"])
        #expect(throws: CognitoError.invalidParameter("Identity provider '\(FakeUserPools.tenantTwo)' is not configured for this identity pool.")) {
            try world.pools.setPrincipalTagMap(poolId: pool.id, providerName: FakeUserPools.tenantTwo, useDefaults: true, tags: [:])
        }
        let tooMany = Dictionary(uniqueKeysWithValues: (0...50).map { ("t\($0)", "c") })
        #expect(throws: CognitoError.self) {
            try world.pools.setPrincipalTagMap(poolId: pool.id, providerName: FakeUserPools.tenantOne, useDefaults: false, tags: tooMany)
        }
    }

    @Test func tagValuesComeFromStringNumberAndBooleanClaimsOnly() {
        let map = PrincipalTagMap(useDefaults: false, tags: ["t": "custom:tenant_id", "n": "level", "b": "admin", "g": "cognito:groups", "m": "missing"])
        let tags = map.sessionTags(from: ["custom:tenant_id": "T1", "level": 3, "admin": true, "cognito:groups": ["a", "b"]])
        #expect(tags == ["t": "T1", "n": "3", "b": "true"])
    }
}
