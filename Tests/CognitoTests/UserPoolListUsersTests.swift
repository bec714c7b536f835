import Cognito
import Core
import Testing

@Suite struct UserPoolListUsersTests {
    /// Five users: alice..erin, bob disabled, carol confirmed.
    private func populated() throws -> (UserPoolFixture, UserPool) {
        let fixture = UserPoolFixture()
        let pool = try fixture.bootcampPool()
        for name in ["alice", "bob", "carol", "dave", "erin"] {
            try fixture.tenantAdmin(pool, username: name, tenant: name == "erin" ? "TENANT2" : "TENANT1")
        }
        try fixture.pools.adminDisableUser(poolId: pool.id, username: "bob")
        try fixture.pools.adminSetUserPassword(poolId: pool.id, username: "carol", password: UserPoolFixture.newPassword, permanent: true)
        return (fixture, pool)
    }

    private func names(_ fixture: UserPoolFixture, _ pool: UserPool, _ filter: String?) throws -> [String] {
        try fixture.pools.listUsers(poolId: pool.id, filter: filter).users.map(\.username)
    }

    @Test func filtersByExactAndPrefixMatches() throws {
        let (fixture, pool) = try populated()
        #expect(try names(fixture, pool, nil) == ["alice", "bob", "carol", "dave", "erin"])
        #expect(try names(fixture, pool, "") == ["alice", "bob", "carol", "dave", "erin"])
        #expect(try names(fixture, pool, #"email = "dave@example.com""#) == ["dave"])
        #expect(try names(fixture, pool, #"email="dave@example.com""#) == ["dave"])
        #expect(try names(fixture, pool, #"username ^= "a""#) == ["alice"])
        #expect(try names(fixture, pool, #"status = "Disabled""#) == ["bob"])
        #expect(try names(fixture, pool, #"cognito:user_status = "confirmed""#) == ["carol"])
        #expect(try names(fixture, pool, #"given_name ^= "Al""#).count == 5)
        #expect(try names(fixture, pool, #"family_name = "Nobody""#).isEmpty)
    }

    @Test func refusesBadFiltersAndUnsearchableAttributes() throws {
        let (fixture, pool) = try populated()
        let parseError = CognitoError.invalidParameter("Error while parsing filter.")
        for bad in [#"email "x""#, #"email = x"#, #"email = "x"#, #"email = "x" and"#, #"= "x""#] {
            #expect(throws: parseError, "\(bad)") { try names(fixture, pool, bad) }
        }
        #expect(throws: CognitoError.invalidParameter("Invalid search attribute: custom:tenant_id")) {
            try names(fixture, pool, #"custom:tenant_id = "TENANT1""#)
        }
    }

    @Test func pagesWithLimitAndToken() throws {
        let (fixture, pool) = try populated()
        let first = try fixture.pools.listUsers(poolId: pool.id, limit: 2)
        #expect(first.users.map(\.username) == ["alice", "bob"])
        try fixture.pools.adminDeleteUser(poolId: pool.id, username: "carol")
        let second = try fixture.pools.listUsers(poolId: pool.id, limit: 2, paginationToken: first.paginationToken)
        #expect(second.users.map(\.username) == ["dave", "erin"])
        #expect(second.paginationToken == nil)
        #expect(throws: CognitoError.invalidParameter("Invalid pagination token.")) {
            try fixture.pools.listUsers(poolId: pool.id, paginationToken: "nope")
        }
        #expect(throws: CognitoError.self) { try fixture.pools.listUsers(poolId: pool.id, limit: 61) }
    }
}
