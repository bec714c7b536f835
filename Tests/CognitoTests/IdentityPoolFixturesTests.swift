import Cognito
import Core
import Foundation
import IAM
import Testing

/// Stands in for the user-pool engine: issues ID tokens for any provider name under a test
/// key and checks them as the real verifier will (signature, `iss`, `token_use`, `exp`).
struct FakeUserPools: LoginTokenVerifier {
    static let tenantOne = "cognito-idp.us-east-1.amazonaws.com/us-east-1_TenantOne"
    static let tenantTwo = "cognito-idp.us-east-1.amazonaws.com/us-east-1_TenantTwo"
    let key = HS256Key(keyId: "fake-user-pool", secret: Array("a user pool key that only tests know".utf8))

    /// An ID token of `providerName` for `sub` through `clientId`, with extra `claims`.
    func idToken(
        _ providerName: String = FakeUserPools.tenantOne, sub: String, clientId: String = "client1",
        claims: JSONObject = [:], expires: Date = Date(timeIntervalSince1970: 1_764_003_600)
    ) -> String {
        var all: JSONObject = [
            "sub": .string(sub), "aud": .string(clientId), "iss": .string("https://\(providerName)"), "token_use": "id",
            "cognito:username": .string(sub), "exp": .number(Int(expires.timeIntervalSince1970)),
        ]
        for (name, value) in claims { all[name] = value }
        return JWT.sign(all, with: key)
    }

    func verifyIDToken(_ token: String, providerName: String, at date: Date) throws(CognitoError) -> JSONObject {
        let claims: JSONObject
        do {
            claims = try JWT.verify(token) { $0 == key.keyId ? key : nil }
        } catch {
            throw .notAuthorized("Invalid login token. Token signature invalid.")
        }
        guard claims["iss"] == .string("https://\(providerName)") else {
            throw .notAuthorized("Invalid login token. Issuer doesn't match providerName")
        }
        guard claims["token_use"] == "id" else { throw .notAuthorized("Invalid login token. Not an ID token.") }
        guard let exp = claims["exp"]?.intValue, Double(exp) > date.timeIntervalSince1970 else {
            throw .notAuthorized("Invalid login token. Token expired.")
        }
        return claims
    }
}

/// An account with STS and an identity-pool engine wired as the backend wires them, on a
/// manual clock and a seeded random source.
struct IdentityPoolWorld {
    static let account = "123456789012"
    let clock = ManualClock(start: Date(timeIntervalSince1970: 1_764_000_000))
    let store: IdentityStore
    let sts: SecurityTokenService
    let pools: IdentityPools
    let users = FakeUserPools()

    init(seed: UInt64 = 7) {
        let random = SeededRandomSource(seed: seed)
        store = IdentityStore(accountId: Self.account, operatorKey: ("AKIAOPERATOR", "secret"), clock: clock, random: random)
        let tokens = IdentityPoolTokens(random: random)
        sts = SecurityTokenService(store: store, webIdentityVerifier: tokens)
        pools = IdentityPools(
            region: "us-east-1", accountId: Self.account, clock: clock, random: random,
            loginVerifier: users, tokens: tokens, sts: sts
        )
    }

    static func roleARN(_ name: String) -> String { "arn:aws:iam::\(account):role/\(name)" }

    /// The bootcamp's trust policy: `aud` is the pool, `amr` includes `amr`.
    static func trust(poolId: String, amr: String = "authenticated", tagSession: Bool = true) -> String {
        let actions = tagSession ? #"["sts:AssumeRoleWithWebIdentity","sts:TagSession"]"# : #""sts:AssumeRoleWithWebIdentity""#
        return #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Federated":"cognito-identity.amazonaws.com"},"Action":"#
            + actions + #","Condition":{"StringEquals":{"cognito-identity.amazonaws.com:aud":""# + poolId
            + #""},"ForAnyValue:StringLike":{"cognito-identity.amazonaws.com:amr":""# + amr + #""}}}]}"#
    }

    /// A pool with tenant one's user pool (`client1`) as its provider.
    func pool(allowGuests: Bool = false, clients: [String] = ["client1"], classicFlow: Bool = false) throws -> IdentityPool {
        try pools.createIdentityPool(IdentityPoolSettings(
            name: "tenant_one", allowUnauthenticatedIdentities: allowGuests,
            providers: clients.map { CognitoIdentityProvider(providerName: FakeUserPools.tenantOne, clientId: $0) },
            allowClassicFlow: classicFlow
        ))
    }

    /// Creates role `name` trusting `poolId`, with an optional inline permissions policy.
    @discardableResult
    func role(_ name: String, poolId: String, amr: String = "authenticated", tagSession: Bool = true, policy: String? = nil) throws -> String {
        try store.createRole(name: name, trustPolicy: Self.trust(poolId: poolId, amr: amr, tagSession: tagSession))
        if let policy { try store.putRolePolicy(roleName: name, policyName: "permissions", document: policy) }
        return Self.roleARN(name)
    }

    /// The principal behind credentials, as the front door would resolve them.
    func principal(_ credentials: IdentityCredentials) throws -> IAMPrincipal {
        guard case .found(_, _, let principal) = store.resolve(accessKeyId: credentials.credentials.accessKeyId, at: clock.now()) else {
            throw CognitoError.resourceNotFound("session not found")
        }
        return principal
    }
}

@Suite struct IdentityPoolFixturesTests {
    @Test func theFakeUserPoolRefusesForgedAndForeignTokens() throws {
        let users = FakeUserPools()
        let now = Date(timeIntervalSince1970: 1_764_000_000)
        let token = users.idToken(sub: "u1")
        #expect(try users.verifyIDToken(token, providerName: FakeUserPools.tenantOne, at: now)["sub"] == "u1")
        #expect(throws: CognitoError.notAuthorized("Invalid login token. Issuer doesn't match providerName")) {
            try users.verifyIDToken(token, providerName: FakeUserPools.tenantTwo, at: now)
        }
        let forged = JWT.sign(["sub": "u1"], with: HS256Key(keyId: "fake-user-pool", secret: Array("guess".utf8)))
        #expect(throws: CognitoError.notAuthorized("Invalid login token. Token signature invalid.")) {
            try users.verifyIDToken(forged, providerName: FakeUserPools.tenantOne, at: now)
        }
    }

    @Test func theBootcampTrustPolicyParses() throws {
        let world = IdentityPoolWorld()
        let pool = try world.pool()
        #expect(try world.role("Trust", poolId: pool.id) == "arn:aws:iam::123456789012:role/Trust")
    }
}
