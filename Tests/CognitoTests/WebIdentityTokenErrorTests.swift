import Cognito
import Core
import Foundation
import IAM
import Testing

/// AssumeRoleWithWebIdentity refuses a token in STS's own words, one cause at a time, and never
/// in the names of the verifier's internals.
@Suite struct WebIdentityTokenErrorTests {
    let world = IdentityPoolWorld()
    static let key = HS256Key(keyId: "cognito-identity-1", secret: Array("a key of the test's own".utf8))
    static let notAJWT = IAMError.invalidIdentityToken("The ID Token provided is not a valid JWT. (You may see this error if you sent an Access Token)")
    static let badSignature = IAMError.invalidIdentityToken("Couldn't verify signed token.")

    /// A classic-flow token of a pool that allows the classic flow, and the role it may assume.
    func classicToken() throws -> (token: String, pool: IdentityPool) {
        let pool = try world.pool(classicFlow: true)
        try world.role("Reader", poolId: pool.id)
        let token = world.pools.tokens.issue(identityId: "us-east-1:1", poolId: pool.id, amr: ["authenticated"], principalTags: [:], at: world.clock.now())
        return (token, pool)
    }

    func assume(_ token: String) throws {
        _ = try world.sts.assumeRoleWithWebIdentity(roleARN: IdentityPoolWorld.roleARN("Reader"), sessionName: "web", webIdentityToken: token)
    }

    /// The error `body` throws, for a look at its message.
    func refusal(_ body: () throws -> Void) -> IAMError? {
        do { try body() } catch let error as IAMError { return error } catch { return nil }
        return nil
    }

    @Test(arguments: ["", "not-a-token", "a.b", "a.b.c.d", "a.b.c", "eyJhbGciOiJIUzI1NiJ9.!!!.c2ln", "W10.W10.c2ln"])
    func aTokenThatIsNoJWTIsInvalid(_ token: String) throws {
        _ = try classicToken()
        #expect(throws: Self.notAJWT) { try assume(token) }
    }

    @Test func aTokenAlteredAfterSigningCouldNotBeVerified() throws {
        let (token, _) = try classicToken()
        var parts = token.split(separator: ".").map(String.init)
        var claims = try JSON.parse(bytes: try #require(Base64URL.decode(parts[1]))).objectValue ?? [:]
        claims["sub"] = "us-east-1:someone-else"
        parts[1] = Base64URL.encode(JSON.object(claims).serializedBytes())
        #expect(throws: Self.badSignature) { try assume(parts.joined(separator: ".")) }

        var signature = Array(token.split(separator: ".")[2])
        signature[4] = signature[4] == "A" ? "B" : "A"
        let flipped = token.split(separator: ".").dropLast().joined(separator: ".") + "." + String(signature)
        #expect(throws: Self.badSignature) { try assume(flipped) }
        // The genuine token still works.
        try assume(token)
    }

    @Test func aTokenSignedWithAnotherKeyOrAlgorithmCouldNotBeVerified() throws {
        let (token, pool) = try classicToken()
        let stranger = IdentityPoolTokens(key: Self.key)
        #expect(throws: Self.badSignature) {
            try assume(stranger.issue(identityId: "us-east-1:1", poolId: pool.id, amr: ["authenticated"], principalTags: [:], at: world.clock.now()))
        }
        let payload = String(token.split(separator: ".")[1])
        let unsigned = Base64URL.encode(Array(#"{"alg":"none","kid":"cognito-identity-1"}"#.utf8)) + "." + payload + "."
        #expect(throws: Self.badSignature) { try assume(unsigned) }
    }

    @Test func anIssuerWithoutAProviderIsNamed() throws {
        _ = try classicToken()
        let foreign = JWT.sign(["iss": "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_X", "sub": "x", "aud": "y", "exp": 1_900_000_000], with: Self.key)
        #expect(throws: IAMError.invalidIdentityToken("No OpenIDConnect provider found in your account for https://cognito-idp.us-east-1.amazonaws.com/us-east-1_X")) {
            try assume(foreign)
        }
        let anonymous = JWT.sign(["sub": "x", "aud": "y", "exp": 1_900_000_000], with: Self.key)
        #expect(throws: IAMError.invalidIdentityToken("No OpenIDConnect provider found in your account for the token's issuer")) { try assume(anonymous) }
    }

    @Test func aMissingClaimIsNamed() throws {
        let verifier = IdentityPoolTokens(key: Self.key)
        let full: JSONObject = ["iss": .string(IdentityPoolTokens.issuer), "sub": "us-east-1:1", "aud": "us-east-1:2", "exp": 1_900_000_000]
        for name in ["aud", "sub", "exp"] {
            var claims = full
            claims[name] = nil
            #expect(throws: IAMError.invalidIdentityToken("Missing a required claim: \(name)")) {
                try verifier.verify(JWT.sign(claims, with: Self.key), at: world.clock.now())
            }
        }
    }

    @Test func anExpiredTokenIsExpiredTokenExceptionWithBothTimes() throws {
        let (token, _) = try classicToken()
        let issuedAt = Int(world.clock.now().timeIntervalSince1970)
        world.clock.advance(by: Double(IdentityPoolTokens.lifetime) + 5)
        let error = try #require(refusal { try assume(token) })
        #expect(error.code == "ExpiredTokenException")
        #expect(error.status == 400)
        #expect(error.message == "Token expired: current date/time \(issuedAt + 605) must be before the expiration date/time \(issuedAt + 600)")
    }

    @Test func aClassicTokenForNoIdentityPoolHasTheWrongAudience() throws {
        let (token, pool) = try classicToken()
        let orphan = world.pools.tokens.issue(identityId: "us-east-1:1", poolId: "us-east-1:00000000-0000-4000-8000-000000000000",
                                              amr: ["authenticated"], principalTags: [:], at: world.clock.now())
        #expect(throws: IAMError.invalidIdentityToken("Incorrect token audience")) { try assume(orphan) }
        // A deleted pool's tokens name an audience no more.
        try world.pools.deleteIdentityPool(id: pool.id)
        #expect(throws: IAMError.invalidIdentityToken("Incorrect token audience")) { try assume(token) }
    }

    @Test func noRefusalNamesTheVerifiersInternals() throws {
        let (token, _) = try classicToken()
        let parts = token.split(separator: ".").map(String.init)
        let tampered = [parts[0], parts[1], String(parts[2].reversed())].joined(separator: ".")
        let headerless = ["e30", parts[1], parts[2]].joined(separator: ".")
        for candidate in [tampered, headerless, "x.y.z", parts[0] + "." + parts[1] + ".", token + "x"] {
            let error = try #require(refusal { try assume(candidate) }, "\(candidate)")
            #expect(error.code == "InvalidIdentityToken" && error.status == 400, "\(error)")
            for caseName in ["badSignature", "unknownKey", "algorithmMismatch", "malformed(", "JWTError"] {
                #expect(!error.message.contains(caseName), "\(error.message)")
            }
        }
    }
}
