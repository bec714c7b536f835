import Cognito
import Core
import Foundation
import Testing

/// The claims of a token, read without verifying (to look at what was issued).
func unverifiedClaims(_ token: String) throws -> JSONObject {
    let payload = token.split(separator: ".", omittingEmptySubsequences: false)[1]
    let bytes = try #require(Base64URL.decode(String(payload)))
    return try #require(try JSON.parse(bytes: bytes).objectValue)
}

@Suite struct UserPoolTokenTests {
    private func signedIn() throws -> (UserPoolFixture, UserPool, UserPoolClient, AuthenticationResult) {
        let fixture = UserPoolFixture()
        let pool = try fixture.bootcampPool()
        let client = try fixture.passwordClient(pool)
        try fixture.tenantAdmin(pool)
        fixture.clock.advance(by: 10)
        return (fixture, pool, client, try fixture.firstSignIn(client))
    }

    @Test func idTokenClaimsAreExactlyCognitos() throws {
        let (fixture, pool, client, result) = try signedIn()
        let claims = try fixture.pools.verifyToken(result.idToken, use: .id, poolId: pool.id, clientId: client.clientId)
        let user = try fixture.pools.adminGetUser(poolId: pool.id, username: "alice")
        let now = Int(UserPoolFixture.start.timeIntervalSince1970) + 10
        #expect(Set(claims.keys) == [
            "sub", "email_verified", "iss", "cognito:username", "origin_jti", "aud", "token_use", "auth_time", "email",
            "custom:tenant_id", "given_name", "family_name", "custom:role", "custom:tier", "exp", "iat", "jti",
        ])
        #expect(claims["sub"] == .string(user.sub))
        #expect(claims["email_verified"] == false)
        #expect(claims["iss"] == .string("https://cognito-idp.us-east-1.amazonaws.com/\(pool.id)"))
        #expect(claims["cognito:username"] == "alice")
        #expect(claims["aud"] == .string(client.clientId))
        #expect(claims["token_use"] == "id")
        #expect(claims["auth_time"] == .number(now))
        #expect(claims["iat"] == .number(now))
        #expect(claims["exp"] == .number(now + 3600))
        #expect(claims["email"] == "alice@example.com")
        #expect(claims["custom:tenant_id"] == "TENANT1")
        #expect(claims["custom:role"] == "TenantAdmin")
        #expect(claims["jti"]?.stringValue?.count == 36)
        #expect(claims["origin_jti"]?.stringValue?.count == 36)
        #expect(claims["jti"] != claims["origin_jti"])
        let headerBytes = try #require(Base64URL.decode(String(result.idToken.split(separator: ".")[0])))
        let header = try JSON.parse(bytes: headerBytes)
        let kid = try #require(fixture.pools.jwks(poolId: pool.id)["keys"]?.arrayValue?.first?["kid"])
        #expect(header == ["kid": kid, "alg": "RS256", "typ": "JWT"])
    }

    @Test func accessTokenClaimsAreExactlyCognitos() throws {
        let (fixture, pool, client, result) = try signedIn()
        let claims = try fixture.pools.verifyToken(result.accessToken, use: .access, poolId: pool.id, clientId: client.clientId)
        let id = try unverifiedClaims(result.idToken)
        #expect(claims.keys == ["sub", "iss", "client_id", "origin_jti", "token_use", "scope", "auth_time", "exp", "iat", "jti", "username"])
        #expect(claims["sub"] == id["sub"])
        #expect(claims["client_id"] == .string(client.clientId))
        #expect(claims["username"] == "alice")
        #expect(claims["token_use"] == "access")
        #expect(claims["scope"] == "aws.cognito.signin.user.admin")
        #expect(claims["origin_jti"] == id["origin_jti"])
        #expect(claims["jti"] != id["jti"])
        #expect(claims["exp"] == id["exp"])
    }

    @Test func readAttributesLimitWhatTheIdTokenCarries() throws {
        let fixture = UserPoolFixture()
        let pool = try fixture.bootcampPool()
        let client = try fixture.passwordClient(pool) { $0.readAttributes = ["email", "custom:tenant_id"] }
        try fixture.tenantAdmin(pool)
        let claims = try unverifiedClaims(try fixture.firstSignIn(client).idToken)
        #expect(claims["custom:tenant_id"] == "TENANT1")
        #expect(claims["email"] != nil && claims["email_verified"] != nil)
        #expect(claims["custom:role"] == nil && claims["given_name"] == nil)
    }

    @Test func refreshKeepsTheSignInAndRefusesWhatItMust() throws {
        let (fixture, pool, client, first) = try signedIn()
        let refreshToken = try #require(first.refreshToken)
        fixture.clock.advance(by: 1800)
        let outcome = try fixture.pools.initiateAuth(clientId: client.clientId, authFlow: "REFRESH_TOKEN_AUTH", parameters: ["REFRESH_TOKEN": refreshToken])
        guard case .authenticated(let refreshed) = outcome else { Issue.record("no tokens"); return }
        #expect(refreshed.refreshToken == nil)
        let before = try unverifiedClaims(first.idToken), after = try unverifiedClaims(refreshed.idToken)
        #expect(after["origin_jti"] == before["origin_jti"])
        #expect(after["auth_time"] == before["auth_time"])
        #expect(after["iat"]?.intValue == before["iat"]!.intValue! + 1800)
        #expect(after["jti"] != before["jti"])
        let alias = try fixture.pools.adminInitiateAuth(poolId: pool.id, clientId: client.clientId, authFlow: "REFRESH_TOKEN", parameters: ["REFRESH_TOKEN": refreshToken])
        guard case .authenticated = alias else { Issue.record("no tokens"); return }

        let other = try fixture.passwordClient(pool, name: "other")
        #expect(throws: CognitoError.notAuthorized("Invalid Refresh Token")) {
            try fixture.pools.initiateAuth(clientId: other.clientId, authFlow: "REFRESH_TOKEN_AUTH", parameters: ["REFRESH_TOKEN": refreshToken])
        }
        #expect(throws: CognitoError.invalidParameter("Missing required parameter REFRESH_TOKEN")) {
            try fixture.pools.initiateAuth(clientId: client.clientId, authFlow: "REFRESH_TOKEN_AUTH", parameters: [:])
        }
        try fixture.pools.adminDisableUser(poolId: pool.id, username: "alice")
        #expect(throws: CognitoError.notAuthorized("User is disabled.")) {
            try fixture.pools.initiateAuth(clientId: client.clientId, authFlow: "REFRESH_TOKEN_AUTH", parameters: ["REFRESH_TOKEN": refreshToken])
        }
        try fixture.pools.adminEnableUser(poolId: pool.id, username: "alice")
        fixture.clock.advance(by: 30 * 86_400)
        #expect(throws: CognitoError.notAuthorized("Refresh Token has expired")) {
            try fixture.pools.initiateAuth(clientId: client.clientId, authFlow: "REFRESH_TOKEN_AUTH", parameters: ["REFRESH_TOKEN": refreshToken])
        }
    }

    @Test func deletingTheUserRevokesTheirRefreshTokens() throws {
        let (fixture, pool, client, first) = try signedIn()
        try fixture.pools.adminDeleteUser(poolId: pool.id, username: "alice")
        #expect(throws: CognitoError.notAuthorized("Invalid Refresh Token")) {
            try fixture.pools.initiateAuth(clientId: client.clientId, authFlow: "REFRESH_TOKEN_AUTH", parameters: ["REFRESH_TOKEN": first.refreshToken!])
        }
    }

    @Test func getUserReadsTheAccessTokensUser() throws {
        let (fixture, pool, _, result) = try signedIn()
        let user = try fixture.pools.getUser(accessToken: result.accessToken)
        #expect(user.username == "alice")
        #expect(user.attributes.value(of: "custom:tenant_id") == "TENANT1")
        #expect(throws: CognitoError.notAuthorized("Invalid Access Token: token_use is id, expected access")) {
            try fixture.pools.getUser(accessToken: result.idToken)
        }
        #expect(throws: CognitoError.notAuthorized("Invalid Access Token")) { try fixture.pools.getUser(accessToken: "not.a.token") }
        try fixture.pools.adminDisableUser(poolId: pool.id, username: "alice")
        #expect(throws: CognitoError.notAuthorized("User is disabled.")) { try fixture.pools.getUser(accessToken: result.accessToken) }
        try fixture.pools.adminDeleteUser(poolId: pool.id, username: "alice")
        #expect(throws: CognitoError(code: "UserNotFoundException", message: "User does not exist.")) {
            try fixture.pools.getUser(accessToken: result.accessToken)
        }
        fixture.clock.advance(by: 3600)
        #expect(throws: CognitoError.notAuthorized("Access Token has expired")) { try fixture.pools.getUser(accessToken: result.accessToken) }
    }

    @Test func getUserShowsOnlyWhatTheClientMayRead() throws {
        let fixture = UserPoolFixture()
        let pool = try fixture.bootcampPool()
        let client = try fixture.passwordClient(pool) { $0.readAttributes = ["email"] }
        try fixture.tenantAdmin(pool)
        let user = try fixture.pools.getUser(accessToken: try fixture.firstSignIn(client).accessToken)
        #expect(user.attributes.map(\.name) == ["sub", "email"])
    }

    @Test func identityPoolsVerifyThroughLoginTokenVerifier() throws {
        let (fixture, pool, _, result) = try signedIn()
        let verifier: any LoginTokenVerifier = fixture.pools
        let now = fixture.clock.now()
        let claims = try verifier.verifyIDToken(result.idToken, providerName: pool.providerName, at: now)
        #expect(claims["custom:tenant_id"] == "TENANT1")
        #expect(pool.providerName == "cognito-idp.us-east-1.amazonaws.com/\(pool.id)")
        #expect(throws: CognitoError.notAuthorized("Invalid login token. Issuer doesn't match providerName")) {
            try verifier.verifyIDToken(result.idToken, providerName: "cognito-idp.eu-west-1.amazonaws.com/\(pool.id)", at: now)
        }
        #expect(throws: CognitoError.notAuthorized("Invalid login token. Issuer doesn't match providerName")) {
            try verifier.verifyIDToken(result.idToken, providerName: "cognito-idp.us-east-1.amazonaws.com/us-east-1_gone00000", at: now)
        }
        #expect(throws: CognitoError.notAuthorized("Invalid login token. Invalid ID Token: token_use is access, expected id")) {
            try verifier.verifyIDToken(result.accessToken, providerName: pool.providerName, at: now)
        }
        let expiry = try #require(claims["exp"]?.intValue)
        let later = Int(now.timeIntervalSince1970) + 3600
        #expect(throws: CognitoError.notAuthorized("Invalid login token. Token expired: \(later) >= \(expiry)")) {
            try verifier.verifyIDToken(result.idToken, providerName: pool.providerName, at: now.addingTimeInterval(3600))
        }
        // AWS's words for a token altered since it was signed, and for one that is no JWT.
        var parts = result.idToken.split(separator: ".").map(String.init)
        parts[2] = String(parts[2].reversed())
        #expect(throws: CognitoError.notAuthorized("Invalid login token. Couldn't verify signed token.")) {
            try verifier.verifyIDToken(parts.joined(separator: "."), providerName: pool.providerName, at: now)
        }
        for garbage in ["", "x.y.z", "a.b", result.idToken + ".x"] {
            #expect(throws: CognitoError.notAuthorized("Invalid login token. Not a valid OpenId Connect identity token.")) {
                try verifier.verifyIDToken(garbage, providerName: pool.providerName, at: now)
            }
        }
    }
}
