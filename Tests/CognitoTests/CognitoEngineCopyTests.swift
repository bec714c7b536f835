import Cognito
import Core
import Foundation
import IAM
import Testing

/// The Cognito engines wired as the backend wires them (user pools as the identity pools'
/// login verifier, one token issuer shared by the identity pools and STS), on a manual clock
/// and a seeded generator.
struct CognitoEngines {
    static let account = "123456789012"
    static let start = Date(timeIntervalSince1970: 1_764_000_000)
    let clock: ManualClock
    let random: any RandomSource
    let store: IdentityStore
    let userPools: UserPools
    let tokens: IdentityPoolTokens
    let identityPools: IdentityPools

    init(seed: UInt64 = 7) {
        clock = ManualClock(start: Self.start)
        let random = SeededRandomSource(seed: seed)
        self.random = random
        store = IdentityStore(accountId: Self.account, operatorKey: ("AKIAOPERATOR", "secret"), clock: clock, random: random)
        userPools = UserPools(region: "us-east-1", accountId: Self.account, clock: clock, random: random, passwordIterations: 3)
        tokens = IdentityPoolTokens(random: random)
        identityPools = IdentityPools(
            region: "us-east-1", accountId: Self.account, clock: clock, random: random, loginVerifier: userPools, tokens: tokens,
            sts: SecurityTokenService(store: store, webIdentityVerifier: tokens)
        )
    }

    private init(
        clock: ManualClock, random: any RandomSource, store: IdentityStore, userPools: UserPools, tokens: IdentityPoolTokens,
        identityPools: IdentityPools
    ) {
        self.clock = clock
        self.random = random
        self.store = store
        self.userPools = userPools
        self.tokens = tokens
        self.identityPools = identityPools
    }

    /// The engines copied and rewired to one another, as the backend copies them. The IAM
    /// store is shared rather than copied: copying it is IAM's business, and these tests are
    /// about what Cognito keeps.
    func copy(clock: ManualClock, random: any RandomSource) -> CognitoEngines {
        let userPools = userPools.copy(clock: clock, random: random)
        let tokens = tokens.copy()
        let identityPools = identityPools.copy(
            clock: clock, random: random, loginVerifier: userPools, tokens: tokens,
            sts: SecurityTokenService(store: store, webIdentityVerifier: tokens)
        )
        return CognitoEngines(clock: clock, random: random, store: store, userPools: userPools, tokens: tokens, identityPools: identityPools)
    }

    static let password = "Passw0rd!long"

    /// A pool with a password client, group `Admins` and confirmed users `alice` (an admin)
    /// and `bob`, both with ``password``.
    func tenant() throws -> (pool: UserPool, client: UserPoolClient) {
        let pool = try userPools.createUserPool(UserPoolSettings(name: "tenant", schema: [SchemaAttributeInput(name: "email", required: true)]))
        let client = try userPools.createUserPoolClient(
            poolId: pool.id, UserPoolClientSettings(clientName: "web", explicitAuthFlows: ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"])
        )
        try userPools.createGroup(poolId: pool.id, name: "Admins")
        for name in ["alice", "bob"] {
            try createUser(name, in: pool)
            try userPools.adminSetUserPassword(poolId: pool.id, username: name, password: Self.password, permanent: true)
        }
        try userPools.adminAddUserToGroup(poolId: pool.id, username: "alice", groupName: "Admins")
        return (pool, client)
    }

    @discardableResult
    func createUser(_ name: String, in pool: UserPool) throws -> PoolUser {
        try userPools.adminCreateUser(poolId: pool.id, NewUser(
            username: name, attributes: [UserAttribute(name: "email", value: "\(name)@example.com")],
            temporaryPassword: "Temp0rary!pw", desiredDeliveryMediums: ["EMAIL"]
        ))
    }

    func signIn(_ client: UserPoolClient, _ username: String = "alice", password: String = Self.password) throws -> AuthenticationResult {
        let outcome = try userPools.initiateAuth(
            clientId: client.clientId, authFlow: "USER_PASSWORD_AUTH", parameters: ["USERNAME": username, "PASSWORD": password]
        )
        guard case .authenticated(let result) = outcome else { throw CognitoError(code: "Test", message: "expected tokens, got \(outcome)") }
        return result
    }

    func usernames(_ pool: UserPool) throws -> [String] {
        try userPools.listUsers(poolId: pool.id).users.map(\.username)
    }

    /// An identity pool trusting `client` of `pool`, with guests allowed.
    func identityPool(for pool: UserPool, _ client: UserPoolClient, classicFlow: Bool = false) throws -> IdentityPool {
        try identityPools.createIdentityPool(IdentityPoolSettings(
            name: "tenant_identities", allowUnauthenticatedIdentities: true,
            providers: [CognitoIdentityProvider(providerName: pool.providerName, clientId: client.clientId)], allowClassicFlow: classicFlow
        ))
    }
}

@Suite struct CognitoEngineCopyTests {
    static let later = CognitoEngines.start.addingTimeInterval(60)

    // MARK: - User pools

    @Test func theCopyHasThePoolsClientsGroupsAndUsers() throws {
        let original = CognitoEngines()
        let (pool, client) = try original.tenant()
        let copy = original.copy(clock: ManualClock(start: Self.later), random: SeededRandomSource(seed: 99))
        #expect(try copy.userPools.describeUserPool(pool.id).name == "tenant")
        #expect(try copy.userPools.describeUserPoolClient(poolId: pool.id, clientId: client.clientId).clientName == "web")
        #expect(try copy.usernames(pool) == ["alice", "bob"])
        #expect(try copy.userPools.adminListGroupsForUser(poolId: pool.id, username: "alice").map(\.groupName) == ["Admins"])
        // The password hash came along: the same password signs in, a wrong one does not.
        let tokens = try copy.signIn(client)
        let claims = try copy.userPools.verifyToken(tokens.idToken, use: .id, poolId: pool.id, clientId: client.clientId)
        #expect(claims["cognito:groups"] == .array(["Admins"]))
        #expect(throws: CognitoError.notAuthorized("Incorrect username or password.")) {
            try copy.signIn(client, password: "Wr0ng!password")
        }
    }

    @Test func tokensVerifyOnBothSidesSinceTheKeyIsShared() throws {
        let original = CognitoEngines()
        let (pool, client) = try original.tenant()
        let before = try original.signIn(client)
        let copy = original.copy(clock: ManualClock(start: Self.later), random: SeededRandomSource(seed: 99))
        #expect(try copy.userPools.verifyToken(before.idToken, use: .id, poolId: pool.id)["cognito:username"] == "alice")
        let after = try copy.signIn(client, "bob")
        #expect(try original.userPools.verifyToken(after.idToken, use: .id, poolId: pool.id)["cognito:username"] == "bob")
        // A refresh grant made before the copy is remembered on both sides.
        let refresh = try #require(before.refreshToken)
        for side in [original, copy] {
            let outcome = try side.userPools.initiateAuth(clientId: client.clientId, authFlow: "REFRESH_TOKEN_AUTH", parameters: ["REFRESH_TOKEN": refresh])
            guard case .authenticated = outcome else { Issue.record("refresh refused: \(outcome)"); continue }
        }
    }

    @Test func usersAndClientsCreatedAfterwardsStayOnTheirSide() throws {
        let original = CognitoEngines()
        let (pool, client) = try original.tenant()
        let copy = original.copy(clock: ManualClock(start: Self.later), random: SeededRandomSource(seed: 99))
        try copy.createUser("carol", in: pool)
        try original.createUser("dave", in: pool)
        #expect(try original.usernames(pool) == ["alice", "bob", "dave"])
        #expect(try copy.usernames(pool) == ["alice", "bob", "carol"])
        let copyClient = try copy.userPools.createUserPoolClient(poolId: pool.id, UserPoolClientSettings(clientName: "mobile"))
        #expect(throws: CognitoError.resourceNotFound("User pool client \(copyClient.clientId) does not exist.")) {
            try original.userPools.describeUserPoolClient(poolId: pool.id, clientId: copyClient.clientId)
        }
        // Changes to copied users, groups and pools stay apart too.
        try copy.userPools.adminRemoveUserFromGroup(poolId: pool.id, username: "alice", groupName: "Admins")
        try original.userPools.adminDisableUser(poolId: pool.id, username: "bob")
        #expect(try original.userPools.adminListGroupsForUser(poolId: pool.id, username: "alice").map(\.groupName) == ["Admins"])
        #expect(try copy.userPools.adminListGroupsForUser(poolId: pool.id, username: "alice").isEmpty)
        _ = try copy.signIn(client, "bob")
        let other = try copy.userPools.createUserPool(UserPoolSettings(name: "other"))
        #expect(try original.userPools.listUserPools(maxResults: 60, nextToken: nil).pools.map(\.id) == [pool.id])
        #expect(try copy.userPools.listUserPools(maxResults: 60, nextToken: nil).pools.map(\.id) == [pool.id, other.id])
    }

    @Test func theOutboxIsCopiedAndLaterMessagesStayOnTheirSide() throws {
        let original = CognitoEngines()
        let (pool, _) = try original.tenant()
        let copy = original.copy(clock: ManualClock(start: Self.later), random: SeededRandomSource(seed: 99))
        #expect(try copy.userPools.outbox(poolId: pool.id) == original.userPools.outbox(poolId: pool.id))
        #expect(try copy.userPools.outbox(poolId: pool.id).map(\.username) == ["alice", "bob"])
        try copy.createUser("carol", in: pool)
        try original.createUser("dave", in: pool)
        #expect(try original.userPools.outbox(poolId: pool.id).map(\.username) == ["alice", "bob", "dave"])
        #expect(try copy.userPools.outbox(poolId: pool.id).map(\.username) == ["alice", "bob", "carol"])
    }

    @Test func signOutsLocksAndCodesAreCopied() throws {
        let original = CognitoEngines()
        let (pool, client) = try original.tenant()
        let signedOut = try original.signIn(client)
        try original.userPools.globalSignOut(accessToken: signedOut.accessToken)
        for _ in 0..<5 { _ = try? original.signIn(client, "bob", password: "Wr0ng!password") }
        try original.userPools.adminUpdateUserAttributes(poolId: pool.id, username: "alice", attributes: [UserAttribute(name: "email_verified", value: "true")])
        _ = try original.userPools.forgotPassword(clientId: client.clientId, username: "alice")
        let code = try #require(try original.userPools.outbox(poolId: pool.id).last?.code)
        let copy = original.copy(clock: ManualClock(start: CognitoEngines.start), random: SeededRandomSource(seed: 99))
        #expect(throws: CognitoError.notAuthorized("Access Token has been revoked")) { try copy.userPools.getUser(accessToken: signedOut.accessToken) }
        #expect(throws: CognitoError.notAuthorized("Password attempts exceeded")) { try copy.signIn(client, "bob") }
        try copy.userPools.confirmForgotPassword(clientId: client.clientId, username: "alice", code: code, password: "Re5et-Passw0rd!")
        _ = try copy.signIn(client, password: "Re5et-Passw0rd!")
        // The original still has its code and its old password.
        _ = try original.signIn(client)
        try original.userPools.confirmForgotPassword(clientId: client.clientId, username: "alice", code: code, password: "0ther-Passw0rd!")
    }

    @Test func theCopyRunsOnTheNewClock() throws {
        let original = CognitoEngines()
        let (pool, client) = try original.tenant()
        let before = try original.signIn(client)
        let clock = ManualClock(start: Self.later)
        let copy = original.copy(clock: clock, random: SeededRandomSource(seed: 99))
        original.clock.advance(by: 86_400)
        #expect(try copy.createUser("carol", in: pool).created == Self.later)
        let claims = try copy.userPools.verifyToken(copy.signIn(client).idToken, use: .id, poolId: pool.id)
        #expect(claims["iat"]?.intValue == Int(Self.later.timeIntervalSince1970))
        // An hour on the copy's clock expires the original's token there, not on the original.
        #expect(try original.userPools.verifyToken(before.idToken, use: .id, poolId: pool.id, at: Self.later)["sub"] != nil)
        clock.advance(by: 3600)
        #expect(throws: CognitoError.notAuthorized("ID Token has expired")) {
            try copy.userPools.verifyToken(before.idToken, use: .id, poolId: pool.id)
        }
    }

    // MARK: - Identity pools

    @Test func identitiesMadeBeforeTheCopyAreTheSameOnIt() throws {
        let original = CognitoEngines()
        let (pool, client) = try original.tenant()
        let identityPool = try original.identityPool(for: pool, client)
        let login = try [pool.providerName: original.signIn(client).idToken]
        let alice = try original.identityPools.getId(poolId: identityPool.id, logins: login)
        let copy = original.copy(clock: ManualClock(start: Self.later), random: SeededRandomSource(seed: 99))
        #expect(try copy.identityPools.identityPool(id: identityPool.id) == identityPool)
        #expect(try copy.identityPools.getId(poolId: identityPool.id, logins: login) == alice)
        #expect(try copy.identityPools.getId(poolId: identityPool.id, logins: [pool.providerName: copy.signIn(client).idToken]) == alice)
        // The login link came along: alice's identity still answers only to alice.
        let bob = try [pool.providerName: copy.signIn(client, "bob").idToken]
        #expect(throws: CognitoError.notAuthorized("Logins don't match. Please include at least one valid login for this identity or identity pool.")) {
            try copy.identityPools.openIdToken(identityId: alice, logins: bob)
        }
    }

    @Test func identitiesMadeAfterTheCopyStayOnTheirSide() throws {
        let original = CognitoEngines()
        let (pool, client) = try original.tenant()
        let identityPool = try original.identityPool(for: pool, client)
        let copy = original.copy(clock: ManualClock(start: Self.later), random: SeededRandomSource(seed: 99))
        let login = try [pool.providerName: original.signIn(client, "bob").idToken]
        let onOriginal = try original.identityPools.getId(poolId: identityPool.id, logins: login)
        let onCopy = try copy.identityPools.getId(poolId: identityPool.id, logins: login)
        #expect(onOriginal != onCopy)
        #expect(try original.identityPools.getId(poolId: identityPool.id, logins: login) == onOriginal)
        #expect(try copy.identityPools.getId(poolId: identityPool.id, logins: login) == onCopy)
        let guest = try copy.identityPools.getId(poolId: identityPool.id, logins: [:])
        for (side, foreign) in [(original, guest), (copy, onOriginal)] {
            #expect(throws: CognitoError.resourceNotFound("Identity '\(foreign)' not found.")) {
                try side.identityPools.openIdToken(identityId: foreign, logins: [:])
            }
        }
        let newPool = try copy.identityPool(for: pool, client)
        #expect(throws: CognitoError.resourceNotFound("IdentityPool '\(newPool.id)' not found.")) {
            try original.identityPools.identityPool(id: newPool.id)
        }
    }

    @Test func roleSettingsChangedOnOneSideStayThere() throws {
        let original = CognitoEngines()
        let (pool, client) = try original.tenant()
        let identityPool = try original.identityPool(for: pool, client)
        let first = IdentityPoolRoles(authenticated: "arn:aws:iam::123456789012:role/First")
        try original.identityPools.setRoles(poolId: identityPool.id, roles: first, roleMappings: [:])
        let copy = original.copy(clock: ManualClock(start: Self.later), random: SeededRandomSource(seed: 99))
        #expect(try copy.identityPools.roles(poolId: identityPool.id).roles == first)
        let second = IdentityPoolRoles(authenticated: "arn:aws:iam::123456789012:role/Second")
        try copy.identityPools.setRoles(poolId: identityPool.id, roles: second, roleMappings: [:])
        try original.identityPools.setPrincipalTagMap(poolId: identityPool.id, providerName: pool.providerName, useDefaults: true, tags: [:])
        #expect(try original.identityPools.roles(poolId: identityPool.id).roles == first)
        #expect(try copy.identityPools.roles(poolId: identityPool.id).roles == second)
        #expect(try original.identityPools.principalTagMap(poolId: identityPool.id, providerName: pool.providerName).useDefaults)
        #expect(try !copy.identityPools.principalTagMap(poolId: identityPool.id, providerName: pool.providerName).useDefaults)
    }

    @Test func theCopyGetsCredentialsThroughItsOwnTokensAndSTS() throws {
        let original = CognitoEngines()
        let (pool, client) = try original.tenant()
        let identityPool = try original.identityPool(for: pool, client)
        try original.store.createRole(name: "Tenant", trustPolicy: #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Federated":"cognito-identity.amazonaws.com"},"Action":["sts:AssumeRoleWithWebIdentity","sts:TagSession"],"Condition":{"StringEquals":{"cognito-identity.amazonaws.com:aud":""# + identityPool.id + #""}}}]}"#)
        try original.identityPools.setRoles(
            poolId: identityPool.id, roles: IdentityPoolRoles(authenticated: "arn:aws:iam::123456789012:role/Tenant"), roleMappings: [:]
        )
        let copy = original.copy(clock: ManualClock(start: Self.later), random: SeededRandomSource(seed: 99))
        let login = try [pool.providerName: copy.signIn(client).idToken]
        let id = try copy.identityPools.getId(poolId: identityPool.id, logins: login)
        let issued = try copy.identityPools.credentials(identityId: id, logins: login)
        // Credentials end to end through the copy's own issuer and STS (that the ledgers are
        // separate is theTokenLedgerIsCopied's concern).
        #expect(issued.roleARN == "arn:aws:iam::123456789012:role/Tenant")
        #expect(issued.identityId == id)
    }

    @Test func theTokenLedgerIsCopied() throws {
        let original = CognitoEngines()
        let (pool, client) = try original.tenant()
        let identityPool = try original.identityPool(for: pool, client, classicFlow: true)
        let now = CognitoEngines.start
        let enhanced = original.tokens.issue(identityId: "us-east-1:someone", poolId: identityPool.id, amr: ["unauthenticated"], principalTags: [:], at: now, flow: .enhanced)
        let classic = original.tokens.issue(identityId: "us-east-1:someone", poolId: identityPool.id, amr: ["unauthenticated"], principalTags: [:], at: now)
        let copy = original.copy(clock: ManualClock(start: Self.later), random: SeededRandomSource(seed: 99))
        // Outstanding before the copy: redeemable once on each side, whatever the other did.
        let used = IAMError.invalidIdentityToken("The web identity token was issued for GetCredentialsForIdentity and is already used.")
        for tokens in [copy.tokens, original.tokens] {
            #expect(try tokens.verify(enhanced, at: now).subject == "us-east-1:someone")
            #expect(throws: used) { try tokens.verify(enhanced, at: now) }
        }
        // Tokens issued afterwards are the issuer's own, though both count on from the same
        // point (so they carry the same id) and sign with the same key.
        let fresh = copy.tokens.issue(identityId: "us-east-1:later", poolId: identityPool.id, amr: [], principalTags: [:], at: now, flow: .enhanced)
        #expect(throws: used) { try original.tokens.verify(fresh, at: now) }
        #expect(try copy.tokens.verify(fresh, at: now).subject == "us-east-1:later")
        // Which pools allow the classic flow came along, and changes to it stay on their side.
        _ = try copy.identityPools.updateIdentityPool(id: identityPool.id, settings: IdentityPoolSettings(
            name: "no_classic", allowUnauthenticatedIdentities: true, providers: identityPool.settings.providers, allowClassicFlow: false
        ))
        #expect(try original.tokens.verify(classic, at: now).audience == identityPool.id)
        #expect(throws: IAMError.invalidIdentityToken("Basic (classic) flow is not enabled, please use enhanced flow.")) {
            try copy.tokens.verify(classic, at: now)
        }
    }

    // MARK: - Randomness

    @Test func copyingDrawsNothingFromRandom() throws {
        let original = CognitoEngines()
        let (pool, client) = try original.tenant()
        _ = try original.identityPool(for: pool, client)
        let random = SeededRandomSource(seed: 42)
        _ = original.copy(clock: ManualClock(start: Self.later), random: random)
        #expect(random.bytes(32) == SeededRandomSource(seed: 42).bytes(32))
    }

    @Test func aCopyGoesOnAsTheOriginalWouldHave() throws {
        // A twin built and used alike has a generator in the very state the original's is in:
        // the copy takes that one, so it must draw exactly what the original goes on to draw.
        let original = CognitoEngines(seed: 5)
        let twin = CognitoEngines(seed: 5)
        let (pool, client) = try original.tenant()
        _ = try twin.tenant()
        let copy = original.copy(clock: ManualClock(start: CognitoEngines.start), random: twin.random)
        #expect(try copy.createUser("carol", in: pool).sub == original.createUser("carol", in: pool).sub)
        #expect(try copy.identityPool(for: pool, client).id == original.identityPool(for: pool, client).id)
        #expect(try copy.signIn(client).idToken == original.signIn(client).idToken)
        let identityPool = try copy.identityPools.listIdentityPools(maxResults: 1).pools[0]
        var ids: [String] = []
        for side in [copy, original] {
            let login = try [pool.providerName: side.signIn(client, "bob").idToken]
            ids.append(try side.identityPools.getId(poolId: identityPool.id, logins: login))
        }
        #expect(ids[0] == ids[1])
    }
}
