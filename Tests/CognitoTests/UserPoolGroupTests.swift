import Cognito
import Core
import Foundation
import IAM
import Testing

@Suite struct UserPoolGroupTests {
    @Test func groupsAreCreatedListedAndDeleted() throws {
        let fixture = UserPoolFixture()
        let pool = try fixture.bootcampPool()
        let admins = try fixture.pools.createGroup(poolId: pool.id, name: "admins", description: "Tenant admins", precedence: 1, roleArn: "arn:aws:iam::123456789012:role/TenantAdmin")
        #expect(admins == UserGroup(
            groupName: "admins", userPoolId: pool.id, description: "Tenant admins", precedence: 1,
            roleArn: "arn:aws:iam::123456789012:role/TenantAdmin", created: UserPoolFixture.start, lastModified: UserPoolFixture.start
        ))
        try fixture.pools.createGroup(poolId: pool.id, name: "users")
        try fixture.pools.createGroup(poolId: pool.id, name: "auditors")
        #expect(try fixture.pools.getGroup(poolId: pool.id, name: "admins") == admins)
        let first = try fixture.pools.listGroups(poolId: pool.id, limit: 2)
        #expect(first.groups.map(\.groupName) == ["admins", "users"])
        #expect(try fixture.pools.listGroups(poolId: pool.id, nextToken: first.nextToken).groups.map(\.groupName) == ["auditors"])
        #expect(throws: CognitoError(code: "GroupExistsException", message: "A group with the name admins already exists.")) {
            try fixture.pools.createGroup(poolId: pool.id, name: "admins")
        }
        try fixture.pools.deleteGroup(poolId: pool.id, name: "users")
        #expect(throws: CognitoError(code: "ResourceNotFoundException", message: "Group not found.")) {
            try fixture.pools.getGroup(poolId: pool.id, name: "users")
        }
        #expect(throws: CognitoError.self) { try fixture.pools.createGroup(poolId: pool.id, name: "bad name") }
        #expect(throws: CognitoError.self) { try fixture.pools.createGroup(poolId: pool.id, name: "negative", precedence: -1) }
    }

    @Test func membershipShowsInBothTokensByPrecedence() throws {
        let fixture = UserPoolFixture()
        let pool = try fixture.bootcampPool()
        let client = try fixture.passwordClient(pool)
        try fixture.tenantAdmin(pool)
        try fixture.pools.createGroup(poolId: pool.id, name: "readers")
        try fixture.pools.createGroup(poolId: pool.id, name: "admins", precedence: 0)
        try fixture.pools.createGroup(poolId: pool.id, name: "staff", precedence: 5)
        for group in ["readers", "staff", "admins", "staff"] {
            try fixture.pools.adminAddUserToGroup(poolId: pool.id, username: "alice", groupName: group)
        }
        #expect(try fixture.pools.adminListGroupsForUser(poolId: pool.id, username: "alice").map(\.groupName) == ["admins", "staff", "readers"])
        let tokens = try fixture.firstSignIn(client)
        #expect(try unverifiedClaims(tokens.idToken)["cognito:groups"] == ["admins", "staff", "readers"])
        #expect(try unverifiedClaims(tokens.accessToken)["cognito:groups"] == ["admins", "staff", "readers"])

        try fixture.pools.adminRemoveUserFromGroup(poolId: pool.id, username: "alice", groupName: "staff")
        try fixture.pools.deleteGroup(poolId: pool.id, name: "admins")
        #expect(try unverifiedClaims(try fixture.signIn(client).idToken)["cognito:groups"] == ["readers"])
        try fixture.pools.adminRemoveUserFromGroup(poolId: pool.id, username: "alice", groupName: "readers")
        #expect(try unverifiedClaims(try fixture.signIn(client).idToken)["cognito:groups"] == nil)
    }

    @Test func membershipNeedsAnExistingUserAndGroup() throws {
        let fixture = UserPoolFixture()
        let pool = try fixture.bootcampPool()
        try fixture.tenantAdmin(pool)
        try fixture.pools.createGroup(poolId: pool.id, name: "admins")
        #expect(throws: CognitoError(code: "UserNotFoundException", message: "User does not exist.")) {
            try fixture.pools.adminAddUserToGroup(poolId: pool.id, username: "ghost", groupName: "admins")
        }
        #expect(throws: CognitoError(code: "ResourceNotFoundException", message: "Group not found.")) {
            try fixture.pools.adminAddUserToGroup(poolId: pool.id, username: "alice", groupName: "nobody")
        }
    }
}

/// Groups' IAM roles reach the ID token (`cognito:roles`, `cognito:preferred_role`) and, through
/// an identity pool's Token role mapping, the credentials.
@Suite struct UserPoolGroupRoleTests {
    let fixture = UserPoolFixture()
    static let admin = IdentityPoolWorld.roleARN("TenantAdmin")
    static let user = IdentityPoolWorld.roleARN("TenantUser")

    /// A user pool user `alice` in `admins` (precedence 1) and `users` (precedence 5), each with a role.
    func groupsWithRoles() throws -> (UserPool, UserPoolClient) {
        let pool = try fixture.bootcampPool()
        let client = try fixture.passwordClient(pool)
        try fixture.tenantAdmin(pool)
        try fixture.pools.createGroup(poolId: pool.id, name: "users", precedence: 5, roleArn: Self.user)
        try fixture.pools.createGroup(poolId: pool.id, name: "admins", precedence: 1, roleArn: Self.admin)
        try fixture.pools.createGroup(poolId: pool.id, name: "plain")
        for group in ["users", "admins", "plain"] { try fixture.pools.adminAddUserToGroup(poolId: pool.id, username: "alice", groupName: group) }
        return (pool, client)
    }

    @Test func theIDTokenNamesTheGroupsRolesAndTheLowestPrecedencesRole() throws {
        let (pool, client) = try groupsWithRoles()
        let tokens = try fixture.firstSignIn(client)
        let id = try fixture.pools.verifyToken(tokens.idToken, use: .id, poolId: pool.id)
        #expect(id["cognito:roles"] == .array([.string(Self.admin), .string(Self.user)]))
        #expect(id["cognito:preferred_role"] == .string(Self.admin))
        let access = try fixture.pools.verifyToken(tokens.accessToken, use: .access, poolId: pool.id)
        #expect(access["cognito:roles"] == nil && access["cognito:preferred_role"] == nil)
    }

    @Test func aTieForFirstPrefersNoRole() throws {
        let (pool, client) = try groupsWithRoles()
        try fixture.pools.createGroup(poolId: pool.id, name: "auditors", precedence: 1, roleArn: IdentityPoolWorld.roleARN("Auditor"))
        try fixture.pools.adminAddUserToGroup(poolId: pool.id, username: "alice", groupName: "auditors")
        let id = try fixture.pools.verifyToken(try fixture.firstSignIn(client).idToken, use: .id, poolId: pool.id)
        #expect(id["cognito:roles"]?.arrayValue?.count == 3)
        #expect(id["cognito:preferred_role"] == nil)
    }

    /// End to end: the real user pool verifies the login, and a Token mapping picks the role.
    @Test func tokenRoleMappingPicksThePreferredOrTheCustomRole() throws {
        let (userPool, client) = try groupsWithRoles()
        let random = SeededRandomSource(seed: 3)
        let store = IdentityStore(accountId: IdentityPoolWorld.account, operatorKey: ("AKIAOPERATOR", "secret"), clock: fixture.clock, random: random)
        let tokens = IdentityPoolTokens(random: random)
        let pools = IdentityPools(
            region: "us-east-1", accountId: IdentityPoolWorld.account, clock: fixture.clock, random: random,
            loginVerifier: fixture.pools, tokens: tokens, sts: SecurityTokenService(store: store, webIdentityVerifier: tokens)
        )
        let provider = "cognito-idp.us-east-1.amazonaws.com/\(userPool.id)"
        let pool = try pools.createIdentityPool(IdentityPoolSettings(
            name: "p", allowUnauthenticatedIdentities: false, providers: [CognitoIdentityProvider(providerName: provider, clientId: client.clientId)]
        ))
        for name in ["TenantAdmin", "TenantUser"] { try store.createRole(name: name, trustPolicy: IdentityPoolWorld.trust(poolId: pool.id)) }
        try pools.setRoles(poolId: pool.id, roles: IdentityPoolRoles(), roleMappings: [
            "\(provider):\(client.clientId)": RoleMapping(type: .token, ambiguousRoleResolution: .deny),
        ])
        let logins = [provider: try fixture.firstSignIn(client).idToken]
        let identity = try pools.getId(poolId: pool.id, logins: logins)
        #expect(try pools.credentials(identityId: identity, logins: logins).roleARN == Self.admin)
        #expect(try pools.credentials(identityId: identity, logins: logins, customRoleARN: Self.user).roleARN == Self.user)
        #expect(throws: CognitoError.self) {
            try pools.credentials(identityId: identity, logins: logins, customRoleARN: IdentityPoolWorld.roleARN("Other"))
        }
    }
}
