import Cognito
import Core
import Foundation
import Synchronization
import Testing

/// Each pool's RS256 key: its own, published as a JWKS any verifier can use, reproducible when
/// seeded, secret and never shared inside one engine when not.
@Suite struct UserPoolSigningKeyTests {
    /// The public key a JWT library would build from the pool's JWKS, by `kid`.
    private static func publishedKey(_ pools: UserPools, _ poolId: String) throws -> (kid: String, key: RSAPublicKey) {
        let jwks = try pools.jwks(poolId: poolId)
        let keys = try #require(jwks["keys"]?.arrayValue)
        #expect(keys.count == 1)
        let jwk = try #require(keys.first)
        #expect(jwk["kty"] == "RSA")
        #expect(jwk["alg"] == "RS256")
        #expect(jwk["use"] == "sig")
        #expect(jwk["e"] == "AQAB", "e = 65537")
        let key = try RSAPublicKey(jwkN: try #require(jwk["n"]?.stringValue), jwkE: try #require(jwk["e"]?.stringValue))
        #expect(key.n.bitWidth == 2048)
        let kid = try #require(jwk["kid"]?.stringValue)
        #expect(kid == key.thumbprint, "the kid is the key's RFC 7638 thumbprint")
        return (kid, key)
    }

    /// Checks `token` with nothing but the published key, as a third-party verifier would.
    private static func verifiesWithPublishedKey(_ token: String, _ published: (kid: String, key: RSAPublicKey)) throws -> Bool {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        try #require(parts.count == 3)
        let header = try JSON.parse(bytes: try #require(Base64URL.decode(String(parts[0]))))
        guard header["alg"] == "RS256", header["kid"]?.stringValue == published.kid else { return false }
        let signature = try #require(Base64URL.decode(String(parts[2])))
        return published.key.verify(Array((parts[0] + "." + parts[1]).utf8), signature: signature)
    }

    @Test func tokensVerifyWithTheJWKSAloneAndOnlyWithTheirOwnPool() throws {
        let fixture = UserPoolFixture()
        let one = try fixture.bootcampPool(name: "one")
        let two = try fixture.bootcampPool(name: "two")
        try fixture.tenantAdmin(one)
        let tokens = try fixture.firstSignIn(try fixture.passwordClient(one))
        let publishedOne = try Self.publishedKey(fixture.pools, one.id)
        let publishedTwo = try Self.publishedKey(fixture.pools, two.id)
        #expect(publishedOne.kid != publishedTwo.kid, "each pool has its own key pair")
        #expect(try Self.verifiesWithPublishedKey(tokens.idToken, publishedOne))
        #expect(try Self.verifiesWithPublishedKey(tokens.accessToken, publishedOne))
        #expect(try !Self.verifiesWithPublishedKey(tokens.idToken, publishedTwo))
        #expect(throws: CognitoError.notAuthorized("Invalid ID Token: not signed by this user pool's key")) {
            try fixture.pools.verifyToken(tokens.idToken, use: .id, poolId: two.id)
        }
    }

    @Test func aSeededEngineTakesTheSeededSeriesInOrder() throws {
        let first = UserPoolFixture(seed: 3)
        let second = UserPoolFixture(seed: 4)
        for fixture in [first, second] {
            let pools = try (0..<3).map { try fixture.bootcampPool(name: "pool-\($0)") }
            for (ordinal, pool) in pools.enumerated() {
                #expect(try Self.publishedKey(fixture.pools, pool.id).kid == PoolSigningKeys.shared.seededKey(ordinal: ordinal).keyId)
            }
        }
        // The series is fixed: key 0 is the key of the published seed, every time.
        let remade = RS256Key(RSAPrivateKey.generate(using: SeededRandomSource(seed: PoolSigningKeys.seriesSeed)))
        #expect(remade.keyId == PoolSigningKeys.shared.seededKey(ordinal: 0).keyId)
    }

    @Test func aSeededRunSignsTheSameTokensTwice() throws {
        func signIn() throws -> AuthenticationResult {
            let fixture = UserPoolFixture(seed: 11)
            let pool = try fixture.bootcampPool()
            try fixture.tenantAdmin(pool)
            return try fixture.firstSignIn(try fixture.passwordClient(pool))
        }
        #expect(try signIn() == signIn())
    }

    @Test func anUnseededEngineGivesEveryPoolASecretKeyOfItsOwn() throws {
        let keys = PoolSigningKeys(store: nil)
        let pools = UserPools(
            region: "us-east-1", accountId: "123456789012", clock: ManualClock(start: UserPoolFixture.start),
            random: SystemRandomSource(), passwordIterations: 3, keys: keys
        )
        let made = try (0..<3).map { try pools.createUserPool(UserPoolSettings(name: "pool-\($0)")) }
        let kids = try made.map { try Self.publishedKey(pools, $0.id).kid }
        #expect(Set(kids).count == 3)
        let series = Set((0..<3).map { PoolSigningKeys.shared.seededKey(ordinal: $0).keyId })
        #expect(series.isDisjoint(with: kids), "an unseeded engine never signs with the published series")
        #expect(keys.secretStockCount == 3)

        // A second engine reuses the stock; a pool deleted does not hand its key to the next one.
        let again = UserPools(
            region: "us-east-1", accountId: "123456789012", clock: ManualClock(start: UserPoolFixture.start),
            random: SystemRandomSource(), passwordIterations: 3, keys: keys
        )
        let reused = try again.createUserPool(UserPoolSettings(name: "reused"))
        #expect(kids.contains(try Self.publishedKey(again, reused.id).kid))
        try pools.deleteUserPool(made[0].id)
        let next = try pools.createUserPool(UserPoolSettings(name: "after-delete"))
        #expect(!kids.contains(try Self.publishedKey(pools, next.id).kid))
        #expect(keys.secretStockCount == 4)
    }

    @Test func aStoreKeepsKeysForTheNextProcess() throws {
        let store = MemoryKeyStore()
        let before = PoolSigningKeys(store: store)
        let made = before.makeSecretKey()
        #expect(store.names(withPrefix: "secret-") == ["secret-" + made.keyId])
        let after = PoolSigningKeys(store: store)
        #expect(after.secretStockCount == 1)
        #expect(after.secretKey(excluding: []).keyId == made.keyId)
        #expect(after.secretKey(excluding: [made.keyId]).keyId != made.keyId)
    }

    @Test func storedKeysAreReadOnlyAsPoolsNeedThem() throws {
        let store = MemoryKeyStore()
        let maker = PoolSigningKeys(store: store)
        let made = (0..<4).map { _ in maker.makeSecretKey().keyId }
        let later = PoolSigningKeys(store: store)
        #expect(later.secretStockCount == 4)
        #expect(store.loads == 0, "counting the stock reads no key")
        let first = later.secretKey(excluding: [])
        #expect(made.contains(first.keyId))
        #expect(store.loads == 1)
        let second = later.secretKey(excluding: [first.keyId])
        #expect(second.keyId != first.keyId && made.contains(second.keyId))
        #expect(store.loads == 2)
        // Keys the engine already holds are skipped by name, unread.
        let third = later.secretKey(excluding: Set(made).subtracting([made[0]]))
        #expect(third.keyId == made[0])
        #expect(store.loads <= 3)
        #expect(later.secretStockCount == 4)
    }

    @Test func aCopiedEngineKeepsItsPoolsKeysAndGoesOnWithTheSeries() throws {
        let fixture = UserPoolFixture(seed: 5)
        let pool = try fixture.bootcampPool()
        let copy = fixture.pools.copy(clock: fixture.clock, random: SeededRandomSource(seed: 5))
        #expect(try Self.publishedKey(copy, pool.id).kid == Self.publishedKey(fixture.pools, pool.id).kid)
        let inOriginal = try fixture.bootcampPool(name: "next")
        let inCopy = try copy.createUserPool(UserPoolSettings(name: "next"))
        #expect(try Self.publishedKey(copy, inCopy.id).kid == Self.publishedKey(fixture.pools, inOriginal.id).kid)
        #expect(try Self.publishedKey(copy, inCopy.id).kid == PoolSigningKeys.shared.seededKey(ordinal: 1).keyId)
    }

    @Test func theDiscoveryDocumentNamesTheTokensIssuer() throws {
        let fixture = UserPoolFixture()
        let pool = try fixture.bootcampPool()
        let document = try fixture.pools.openIDConfiguration(poolId: pool.id, jwksURI: "http://127.0.0.1:8080/\(pool.id)/.well-known/jwks.json")
        #expect(document["issuer"] == .string(pool.issuer))
        #expect(document["jwks_uri"] == .string("http://127.0.0.1:8080/\(pool.id)/.well-known/jwks.json"))
        #expect(document["id_token_signing_alg_values_supported"] == ["RS256"])
        #expect(throws: CognitoError.self) { try fixture.pools.jwks(poolId: "us-east-1_nothere00") }
        #expect(throws: CognitoError.self) { try fixture.pools.openIDConfiguration(poolId: "us-east-1_nothere00", jwksURI: "x") }
    }
}

/// A ``PoolKeyStore`` in memory, standing for the files of another process.
final class MemoryKeyStore: PoolKeyStore {
    private let keys = Mutex<[String: RSAPrivateKey]>([:])
    private let reads = Mutex(0)

    /// How many keys were read back.
    var loads: Int { reads.withLock { $0 } }

    func load(_ name: String) -> RSAPrivateKey? {
        reads.withLock { $0 += 1 }
        return keys.withLock { $0[name] }
    }
    func save(_ key: RSAPrivateKey, as name: String) { keys.withLock { $0[name] = key } }
    func names(withPrefix prefix: String) -> [String] { keys.withLock { $0.keys.filter { $0.hasPrefix(prefix) }.sorted() } }
}

/// The memo of verified tokens never turns a check into a yes it would not have given.
@Suite struct RS256VerificationMemoTests {
    @Test func onlyTheGenuineInputAndSignatureAreRemembered() throws {
        let key = PoolSigningKeys.shared.seededKey(ordinal: 41)
        let input = Array("eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhIn0".utf8)
        let signature = try key.sign(input)
        #expect(key.verify(input, signature: signature))
        #expect(key.verify(input, signature: signature), "remembered")
        // Bytes moved from the signature's front onto the input give the same concatenation.
        #expect(!key.verify(input + signature.prefix(3), signature: Array(signature.dropFirst(3))))
        var flipped = signature
        flipped[0] ^= 1
        #expect(!key.verify(input, signature: flipped))
        #expect(!key.verify(input + [0x41], signature: signature))
        #expect(!key.verify(input, signature: signature + [0]))
    }
}
