import Cognito
import Core
import Foundation
import Testing

/// Every way a forged or misused token must fail, one test each.
@Suite struct UserPoolTokenAttackTests {
    let fixture = UserPoolFixture()
    let pool: UserPool
    let client: UserPoolClient
    let tokens: AuthenticationResult

    init() throws {
        pool = try fixture.bootcampPool()
        client = try fixture.passwordClient(pool)
        try fixture.tenantAdmin(pool)
        tokens = try fixture.firstSignIn(client)
    }

    private var parts: [String] { tokens.idToken.split(separator: ".", omittingEmptySubsequences: false).map(String.init) }

    private func verifyID(_ token: String) throws -> JSONObject {
        try fixture.pools.verifyToken(token, use: .id, poolId: pool.id, clientId: client.clientId)
    }

    private func header(_ json: String) -> String { Base64URL.encode(Array(json.utf8)) }

    @Test func theGenuineTokenPasses() throws {
        #expect(try verifyID(tokens.idToken)["cognito:username"] == "alice")
    }

    /// The pool's published key: what a verifier that reads the JWKS would use.
    private var published: (kid: String, jwk: JSON) {
        get throws {
            let keys = try fixture.pools.jwks(poolId: pool.id)["keys"]?.arrayValue ?? []
            let jwk = try #require(keys.first)
            return (try #require(jwk["kid"]?.stringValue), jwk)
        }
    }

    @Test func algNoneIsRefused() throws {
        let kid = try published.kid
        let forged = header(#"{"kid":"\#(kid)","alg":"none","typ":"JWT"}"#) + "." + parts[1] + "."
        #expect(throws: CognitoError.notAuthorized(#"Invalid ID Token: algorithm refused: expected RS256, token says "none""#)) { try verifyID(forged) }
    }

    @Test func algorithmSwitchedToRS512IsRefused() throws {
        let kid = try published.kid
        let forged = header(#"{"kid":"\#(kid)","alg":"RS512","typ":"JWT"}"#) + "." + parts[1] + "." + parts[2]
        #expect(throws: CognitoError.notAuthorized(#"Invalid ID Token: algorithm refused: expected RS256, token says "RS512""#)) { try verifyID(forged) }
    }

    /// The classic confusion: a verifier that takes `alg` from the token would check an HMAC
    /// keyed with the public key, which anyone can make. The pool's key is RS256 only.
    @Test func hs256SignedWithThePublicKeyAsSecretIsRefused() throws {
        let (kid, jwk) = try published
        let claims = try unverifiedClaims(tokens.idToken)
        for secret in [jwk.serializedBytes(), Base64URL.decode(try #require(jwk["n"]?.stringValue)) ?? []] {
            let forged = JWT.sign(claims, with: HS256Key(keyId: kid, secret: secret))
            #expect(throws: CognitoError.notAuthorized(#"Invalid ID Token: algorithm refused: expected RS256, token says "HS256""#)) { try verifyID(forged) }
        }
    }

    @Test func aTokenSignedByAKeyTheJWKSDoesNotListIsRefused() throws {
        let claims = try unverifiedClaims(tokens.idToken)
        // A key of the seeded series that no pool of this engine took.
        let stranger = PoolSigningKeys.shared.seededKey(ordinal: 40)
        let unlisted = try JWT.sign(claims, with: stranger)
        #expect(throws: CognitoError.notAuthorized("Invalid ID Token: not signed by this user pool's key")) { try verifyID(unlisted) }
        // Naming the pool's kid does not help: the signature is the stranger's.
        let relabelled = header(#"{"kid":"\#(try published.kid)","alg":"RS256","typ":"JWT"}"#) + "."
            + unlisted.split(separator: ".").dropFirst().joined(separator: ".")
        #expect(throws: CognitoError.notAuthorized("Invalid ID Token: signature does not match")) { try verifyID(relabelled) }
    }

    @Test func aFlippedPayloadByteIsRefused() throws {
        var payload = try #require(Base64URL.decode(parts[1]))
        let position = try #require(payload.firstIndex(of: UInt8(ascii: "1")), "the payload has a digit 1 to flip")
        payload[position] = UInt8(ascii: "2")
        let forged = parts[0] + "." + Base64URL.encode(payload) + "." + parts[2]
        #expect(throws: CognitoError.notAuthorized("Invalid ID Token: signature does not match")) { try verifyID(forged) }
    }

    @Test func anExpiredTokenIsRefused() {
        fixture.clock.advance(by: 3600)
        #expect(throws: CognitoError.notAuthorized("ID Token has expired")) { try verifyID(tokens.idToken) }
    }

    @Test func anotherPoolsTokenIsRefused() throws {
        let otherPool = try fixture.bootcampPool(name: "tenant-two")
        let otherClient = try fixture.passwordClient(otherPool)
        try fixture.tenantAdmin(otherPool, username: "mallory", tenant: "TENANT2")
        let foreign = try fixture.firstSignIn(otherClient, username: "mallory").idToken
        #expect(throws: CognitoError.notAuthorized("Invalid ID Token: not signed by this user pool's key")) {
            try fixture.pools.verifyToken(foreign, use: .id, poolId: pool.id)
        }
        // Relabelling its key id as this pool's does not help: the signature is the other key's.
        let relabelled = header(#"{"kid":"\#(try published.kid)","alg":"RS256","typ":"JWT"}"#) + "." + foreign.split(separator: ".").dropFirst().joined(separator: ".")
        #expect(throws: CognitoError.notAuthorized("Invalid ID Token: signature does not match")) {
            try fixture.pools.verifyToken(relabelled, use: .id, poolId: pool.id)
        }
    }

    @Test func anAccessTokenWhereAnIDTokenIsRequiredIsRefused() {
        #expect(throws: CognitoError.notAuthorized("Invalid ID Token: token_use is access, expected id")) { try verifyID(tokens.accessToken) }
    }

    @Test func anIDTokenWhereAnAccessTokenIsRequiredIsRefused() {
        #expect(throws: CognitoError.notAuthorized("Invalid Access Token: token_use is id, expected access")) {
            try fixture.pools.verifyToken(tokens.idToken, use: .access, poolId: pool.id)
        }
    }

    @Test func aTokenForAnotherAppClientIsRefused() throws {
        let other = try fixture.passwordClient(pool, name: "other")
        #expect(throws: CognitoError.notAuthorized("Invalid ID Token: aud is not app client \(other.clientId)")) {
            try fixture.pools.verifyToken(tokens.idToken, use: .id, poolId: pool.id, clientId: other.clientId)
        }
        #expect(throws: CognitoError.notAuthorized("Invalid Access Token: client_id is not app client \(other.clientId)")) {
            try fixture.pools.verifyToken(tokens.accessToken, use: .access, poolId: pool.id, clientId: other.clientId)
        }
    }

    @Test func malformedTokensAreRefused() {
        for garbage in ["", "abc", "a.b", "a.b.c", tokens.idToken + ".extra"] {
            #expect(throws: CognitoError.self, "\(garbage)") { try verifyID(garbage) }
        }
    }

    @Test func aDeletedPoolsTokensStopVerifying() throws {
        try fixture.pools.deleteUserPool(pool.id)
        #expect(throws: CognitoError.notAuthorized("Invalid ID Token: user pool \(pool.id) does not exist")) { try verifyID(tokens.idToken) }
    }
}
