import Cognito
import Core
import Testing

@Suite struct UserPoolClientTests {
    @Test func createDescribeAndListClients() throws {
        let fixture = UserPoolFixture()
        let pool = try fixture.bootcampPool()
        let client = try fixture.passwordClient(pool)
        #expect(client.clientId.count == 26)
        #expect(client.clientId.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) })
        #expect(client.clientSecret == nil)
        #expect(client.userPoolId == pool.id)
        #expect(client.explicitAuthFlows == ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_ADMIN_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"])
        let described = try fixture.pools.describeUserPoolClient(poolId: pool.id, clientId: client.clientId)
        #expect(described.clientName == "web")
        let more = try (1...2).map { try fixture.passwordClient(pool, name: "c\($0)") }
        let page = try fixture.pools.listUserPoolClients(poolId: pool.id, maxResults: 2, nextToken: nil)
        #expect(page.clients.map(\.clientId) == [client.clientId, more[0].clientId])
        let rest = try fixture.pools.listUserPoolClients(poolId: pool.id, maxResults: 2, nextToken: page.nextToken)
        #expect(rest.clients.map(\.clientId) == [more[1].clientId])
        #expect(rest.nextToken == nil)
    }

    @Test func defaultsAreCognitos() throws {
        let fixture = UserPoolFixture()
        let client = try fixture.pools.createUserPoolClient(poolId: try fixture.bootcampPool().id, UserPoolClientSettings(clientName: "plain"))
        #expect(client.explicitAuthFlows == ["ALLOW_REFRESH_TOKEN_AUTH", "ALLOW_CUSTOM_AUTH", "ALLOW_USER_SRP_AUTH"])
        #expect(client.accessTokenValidity == 60 && client.accessTokenUnit == .minutes)
        #expect(client.idTokenValidity == 60 && client.idTokenUnit == .minutes)
        #expect(client.refreshTokenValidity == 30 && client.refreshTokenUnit == .days)
        #expect(client.accessTokenLifetime == 3600)
        #expect(client.refreshTokenLifetime == 30 * 86_400)
        #expect(client.preventUserExistenceErrors == "ENABLED")
        #expect(client.authSessionValidity == 3)
    }

    @Test func validitiesWithoutUnitsAreHoursAndDays() throws {
        let fixture = UserPoolFixture()
        let pool = try fixture.bootcampPool()
        let client = try fixture.passwordClient(pool) { settings in
            settings.accessTokenValidity = 2
            settings.idTokenValidity = 90
            settings.idTokenUnit = .minutes
            settings.refreshTokenValidity = 7
        }
        #expect(client.accessTokenLifetime == 7200)
        #expect(client.idTokenLifetime == 5400)
        #expect(client.refreshTokenLifetime == 7 * 86_400)
        #expect(throws: CognitoError.invalidParameter("Invalid range for token validity.")) {
            try fixture.passwordClient(pool) { $0.accessTokenValidity = 2; $0.accessTokenUnit = .days }
        }
        #expect(throws: CognitoError.invalidParameter("Invalid range for token validity.")) {
            try fixture.passwordClient(pool) { $0.refreshTokenValidity = 30; $0.refreshTokenUnit = .minutes }
        }
    }

    /// A validity whose product with its unit overflows is refused, not a crash.
    @Test func hugeValiditiesAreOutOfRangeNotATrap() throws {
        let fixture = UserPoolFixture()
        let pool = try fixture.bootcampPool()
        for huge in [Int.max, Int.max / 2, Int.min] {
            #expect(throws: CognitoError.invalidParameter("Invalid range for token validity.")) {
                try fixture.passwordClient(pool) { $0.accessTokenValidity = huge }
            }
            #expect(throws: CognitoError.invalidParameter("Invalid range for token validity.")) {
                try fixture.passwordClient(pool) { $0.refreshTokenValidity = huge; $0.refreshTokenUnit = .days }
            }
        }
    }

    @Test func secretsWhenAsked() throws {
        let fixture = UserPoolFixture()
        let client = try fixture.passwordClient(try fixture.bootcampPool()) { $0.generateSecret = true }
        #expect(client.clientSecret?.count == 51)
    }

    @Test func invalidClientSettingsAreRefused() throws {
        let fixture = UserPoolFixture()
        let pool = try fixture.bootcampPool()
        #expect(throws: CognitoError.self) { try fixture.passwordClient(pool) { $0.explicitAuthFlows = ["ALLOW_MAGIC"] } }
        #expect(throws: CognitoError.self) { try fixture.passwordClient(pool) { $0.explicitAuthFlows = ["USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"] } }
        #expect(throws: CognitoError.invalidParameter("Invalid read attributes specified while creating a client")) {
            try fixture.passwordClient(pool) { $0.readAttributes = ["custom:nope"] }
        }
        #expect(throws: CognitoError.invalidParameter("Invalid write attributes specified while creating a client")) {
            try fixture.passwordClient(pool) { $0.writeAttributes = ["tenant_id"] }
        }
        #expect(throws: CognitoError.self) { try fixture.passwordClient(pool) { $0.preventUserExistenceErrors = "SOMETIMES" } }
        #expect(throws: CognitoError.self) { try fixture.passwordClient(pool) { $0.clientName = "" } }
    }

    @Test func unknownClientsAndPoolsAreNamed() throws {
        let fixture = UserPoolFixture()
        let pool = try fixture.bootcampPool()
        #expect(throws: CognitoError(code: "ResourceNotFoundException", message: "User pool client nope does not exist.")) {
            try fixture.pools.describeUserPoolClient(poolId: pool.id, clientId: "nope")
        }
        #expect(throws: CognitoError(code: "ResourceNotFoundException", message: "User pool us-east-1_missing00 does not exist.")) {
            try fixture.pools.createUserPoolClient(poolId: "us-east-1_missing00", UserPoolClientSettings(clientName: "x"))
        }
        #expect(throws: CognitoError(code: "ResourceNotFoundException", message: "User pool client nope does not exist.")) {
            try fixture.pools.initiateAuth(clientId: "nope", authFlow: "USER_PASSWORD_AUTH", parameters: ["USERNAME": "a", "PASSWORD": "b"])
        }
    }

    @Test func deletingAClientEndsItsSignIns() throws {
        let fixture = UserPoolFixture()
        let pool = try fixture.bootcampPool()
        let client = try fixture.passwordClient(pool)
        try fixture.tenantAdmin(pool)
        _ = try fixture.firstSignIn(client)
        try fixture.pools.deleteUserPoolClient(poolId: pool.id, clientId: client.clientId)
        #expect(throws: CognitoError(code: "ResourceNotFoundException", message: "User pool client \(client.clientId) does not exist.")) {
            try fixture.signIn(client)
        }
        #expect(throws: CognitoError.self) { try fixture.pools.deleteUserPoolClient(poolId: pool.id, clientId: client.clientId) }
    }

    @Test func aClientOfAnotherPoolIsUnknownToAdminFlows() throws {
        let fixture = UserPoolFixture()
        let pool = try fixture.bootcampPool()
        let other = try fixture.passwordClient(try fixture.bootcampPool(name: "other"))
        #expect(throws: CognitoError(code: "ResourceNotFoundException", message: "User pool client \(other.clientId) does not exist.")) {
            try fixture.pools.adminInitiateAuth(poolId: pool.id, clientId: other.clientId, authFlow: "ADMIN_USER_PASSWORD_AUTH", parameters: ["USERNAME": "a", "PASSWORD": "b"])
        }
    }
}
