import Cognito
import Core
import Foundation
import Testing

/// A user-pool engine on a manual clock and a seeded generator, with few PBKDF2 rounds so
/// tests stay fast; and the bootcamp's pool and app client.
struct UserPoolFixture {
    static let start = Date(timeIntervalSince1970: 1_764_000_000)
    let clock = ManualClock(start: Self.start)
    let pools: UserPools

    init(seed: UInt64 = 7) {
        pools = UserPools(region: "us-east-1", accountId: "123456789012", clock: clock, random: SeededRandomSource(seed: seed), passwordIterations: 3)
    }

    /// The bootcamp's tenant pool: admin-only, email auto-verified, strict eight-character
    /// policy, and the tenant's custom attributes (`tenant_id` immutable).
    func bootcampPool(name: String = "tenant-pool", adminOnly: Bool = true) throws -> UserPool {
        try pools.createUserPool(UserPoolSettings(
            name: name,
            schema: [
                SchemaAttributeInput(name: "email", required: true),
                SchemaAttributeInput(name: "tenant_id", dataType: .string, mutable: false, maxLength: 256),
                SchemaAttributeInput(name: "tier", dataType: .string, maxLength: 256),
                SchemaAttributeInput(name: "role", dataType: .string, maxLength: 256),
                SchemaAttributeInput(name: "company_name", dataType: .string, maxLength: 256),
                SchemaAttributeInput(name: "account_name", dataType: .string, maxLength: 256),
            ],
            allowAdminCreateUserOnly: adminOnly, autoVerifiedAttributes: ["email"]
        ))
    }

    /// An app client with the password, admin password and refresh flows.
    func passwordClient(_ pool: UserPool, name: String = "web", configure: (inout UserPoolClientSettings) -> Void = { _ in }) throws -> UserPoolClient {
        var settings = UserPoolClientSettings(
            clientName: name, explicitAuthFlows: ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_ADMIN_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]
        )
        configure(&settings)
        return try pools.createUserPoolClient(poolId: pool.id, settings)
    }

    static let temporaryPassword = "Temp0rary!pw"
    static let newPassword = "N3w-Passw0rd!"

    /// A tenant admin created as the bootcamp's user manager creates one.
    @discardableResult
    func tenantAdmin(_ pool: UserPool, username: String = "alice", tenant: String = "TENANT1") throws -> PoolUser {
        try pools.adminCreateUser(poolId: pool.id, NewUser(
            username: username,
            attributes: [
                UserAttribute(name: "email", value: "\(username)@example.com"), UserAttribute(name: "custom:tenant_id", value: tenant),
                UserAttribute(name: "given_name", value: "Alice"), UserAttribute(name: "family_name", value: "Liddell"),
                UserAttribute(name: "custom:role", value: "TenantAdmin"), UserAttribute(name: "custom:tier", value: "Advanced"),
            ],
            temporaryPassword: Self.temporaryPassword, desiredDeliveryMediums: ["EMAIL"]
        ))
    }

    /// Signs `username` in for the first time, answering NEW_PASSWORD_REQUIRED.
    func firstSignIn(_ client: UserPoolClient, username: String = "alice") throws -> AuthenticationResult {
        let outcome = try pools.initiateAuth(
            clientId: client.clientId, authFlow: "USER_PASSWORD_AUTH", parameters: ["USERNAME": username, "PASSWORD": Self.temporaryPassword]
        )
        guard case .challenge(let challenge) = outcome else { throw CognitoError(code: "Test", message: "expected a challenge, got \(outcome)") }
        let answered = try pools.respondToAuthChallenge(
            clientId: client.clientId, challengeName: challenge.name, session: challenge.session,
            responses: ["USERNAME": username, "NEW_PASSWORD": Self.newPassword]
        )
        guard case .authenticated(let result) = answered else { throw CognitoError(code: "Test", message: "expected tokens, got \(answered)") }
        return result
    }

    /// The tokens of a password sign-in that must succeed without a challenge.
    func signIn(_ client: UserPoolClient, username: String = "alice", password: String = Self.newPassword) throws -> AuthenticationResult {
        let outcome = try pools.initiateAuth(clientId: client.clientId, authFlow: "USER_PASSWORD_AUTH", parameters: ["USERNAME": username, "PASSWORD": password])
        guard case .authenticated(let result) = outcome else { throw CognitoError(code: "Test", message: "expected tokens, got \(outcome)") }
        return result
    }
}

@Suite struct UserPoolTests {
    @Test func createDescribesTheBootcampPool() throws {
        let fixture = UserPoolFixture()
        let pool = try fixture.bootcampPool()
        #expect(pool.id.hasPrefix("us-east-1_"))
        #expect(pool.id.count == "us-east-1_".count + 9)
        #expect(pool.id.dropFirst(10).allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) })
        #expect(pool.arn == "arn:aws:cognito-idp:us-east-1:123456789012:userpool/\(pool.id)")
        #expect(pool.issuer == "https://cognito-idp.us-east-1.amazonaws.com/\(pool.id)")
        #expect(pool.passwordPolicy == PasswordPolicy())
        #expect(pool.allowAdminCreateUserOnly)
        #expect(pool.schema.first?.name == "sub")
        #expect(pool.schema.count == SchemaAttribute.standard.count + 5)
        #expect(pool.attribute("email")?.required == true)
        #expect(pool.attribute("custom:tenant_id") == SchemaAttribute(name: "custom:tenant_id", dataType: .string, mutable: false, minLength: 0, maxLength: 256))
        #expect(pool.attribute("tenant_id") == nil)
        let described = try fixture.pools.describeUserPool(pool.id)
        #expect(described.name == "tenant-pool")
        #expect(described.created == UserPoolFixture.start)
    }

    @Test func seededEnginesMakeTheSameIds() throws {
        let first = try UserPoolFixture(seed: 3).bootcampPool()
        let second = try UserPoolFixture(seed: 3).bootcampPool()
        #expect(first.id == second.id)
    }

    @Test func unknownPoolsAreNamed() {
        let fixture = UserPoolFixture()
        let missing = CognitoError(code: "ResourceNotFoundException", message: "User pool us-east-1_nothere00 does not exist.")
        #expect(throws: missing) { try fixture.pools.describeUserPool("us-east-1_nothere00") }
        #expect(throws: missing) { try fixture.pools.deleteUserPool("us-east-1_nothere00") }
        #expect(throws: missing) { try fixture.pools.outbox(poolId: "us-east-1_nothere00") }
    }

    @Test func listPagesInCreationOrderAndDeleteRemoves() throws {
        let fixture = UserPoolFixture()
        let pools = try (1...5).map { try fixture.bootcampPool(name: "pool-\($0)") }
        let first = try fixture.pools.listUserPools(maxResults: 2, nextToken: nil)
        #expect(first.pools.map(\.name) == ["pool-1", "pool-2"])
        let second = try fixture.pools.listUserPools(maxResults: 2, nextToken: first.nextToken)
        #expect(second.pools.map(\.name) == ["pool-3", "pool-4"])
        try fixture.pools.deleteUserPool(pools[4].id)
        let last = try fixture.pools.listUserPools(maxResults: 2, nextToken: second.nextToken)
        #expect(last.pools.isEmpty && last.nextToken == nil)
        #expect(throws: CognitoError.invalidParameter("Invalid NextToken.")) { try fixture.pools.listUserPools(maxResults: 2, nextToken: "garbage!") }
        #expect(throws: CognitoError.self) { try fixture.pools.listUserPools(maxResults: 61, nextToken: nil) }
    }

    @Test func invalidPoolSettingsAreRefused() {
        let pools = UserPoolFixture().pools
        func create(_ settings: UserPoolSettings) throws { _ = try pools.createUserPool(settings) }
        #expect(throws: CognitoError.invalidParameter("Required custom attributes are not supported currently.")) {
            try create(UserPoolSettings(name: "p", schema: [SchemaAttributeInput(name: "tenant_id", required: true)]))
        }
        #expect(throws: CognitoError.invalidParameter("Only one of the aliasAttributes or usernameAttributes can be set in a User Pool.")) {
            try create(UserPoolSettings(name: "p", usernameAttributes: ["email"], aliasAttributes: ["email"]))
        }
        #expect(throws: CognitoError.invalidParameter("1 validation error detected: Value '5' at 'policies.passwordPolicy.minimumLength' failed to satisfy constraint: Member must have value greater than or equal to 6")) {
            try create(UserPoolSettings(name: "p", passwordPolicy: PasswordPolicy(minimumLength: 5)))
        }
        #expect(throws: CognitoError.self) { try create(UserPoolSettings(name: "p", passwordPolicy: PasswordPolicy(minimumLength: 100))) }
        #expect(throws: CognitoError.self) { try create(UserPoolSettings(name: "bad/name")) }
        #expect(throws: CognitoError.self) { try create(UserPoolSettings(name: "p", schema: [SchemaAttributeInput(name: "x"), SchemaAttributeInput(name: "x")])) }
        #expect(throws: CognitoError.self) { try create(UserPoolSettings(name: "p", schema: [SchemaAttributeInput(name: "email", dataType: .number)])) }
        #expect(throws: CognitoError.self) { try create(UserPoolSettings(name: "p", schema: [SchemaAttributeInput(name: "twenty-one-characters")])) }
        #expect(throws: CognitoError.self) { try create(UserPoolSettings(name: "p", schema: [SchemaAttributeInput(name: "t", minLength: 5, maxLength: 2)])) }
        #expect(throws: CognitoError.self) { try create(UserPoolSettings(name: "p", autoVerifiedAttributes: ["given_name"])) }
    }
}
