import Cognito
import Core
import Foundation
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
