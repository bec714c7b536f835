import Backend
import Core
import Foundation
import HTTP
import Testing

/// A pool's JWKS and OpenID discovery document over HTTP, unsigned, as JWT libraries fetch them.
@Suite struct UserPoolDiscoveryTests {
    private func get(_ client: PlatformClient, _ path: String, host: String? = "127.0.0.1:8080") async throws -> (status: Int, body: JSON) {
        var request = HTTPRequest(method: "GET", target: path)
        if let host { request.headers["Host"] = host }
        let response = await client.backend.router.respond(to: request)
        return (response.status, try JSON.parse(bytes: response.body))
    }

    @Test func jwksAndDiscoveryAnswerForAPoolAndOnlyForIt() async throws {
        let client = PlatformClient()
        let (poolId, _) = try await UserPoolFrontDoorTests.provision(client)
        let jwks = try await get(client, "/\(poolId)/.well-known/jwks.json")
        #expect(jwks.status == 200)
        let key = try #require(jwks.body["keys"]?.arrayValue?.first)
        #expect(key["kty"] == "RSA")
        #expect(key["alg"] == "RS256")

        let discovery = try await get(client, "/\(poolId)/.well-known/openid-configuration")
        #expect(discovery.status == 200)
        #expect(discovery.body["issuer"] == .string("https://cognito-idp.us-east-1.amazonaws.com/\(poolId)"))
        #expect(discovery.body["jwks_uri"] == .string("http://127.0.0.1:8080/\(poolId)/.well-known/jwks.json"))

        // Without a Host (HTTP/1.0), the JWKS is named under the issuer's own URL.
        let hostless = try await get(client, "/\(poolId)/.well-known/openid-configuration", host: nil)
        #expect(hostless.body["jwks_uri"] == .string("https://cognito-idp.us-east-1.amazonaws.com/\(poolId)/.well-known/jwks.json"))

        for path in ["/us-east-1_nothere00/.well-known/jwks.json", "/us-east-1_nothere00/.well-known/openid-configuration"] {
            let missing = try await get(client, path)
            #expect(missing.status == 404, "\(path)")
            #expect(missing.body["message"] == "User pool us-east-1_nothere00 does not exist.", "\(path)")
        }
    }

    @Test func theIDTokenNamesTheKeyTheJWKSPublishes() async throws {
        let client = PlatformClient()
        let (poolId, clientId) = try await UserPoolFrontDoorTests.provision(client)
        _ = try await client.cognitoOK("AdminSetUserPassword", [
            "UserPoolId": .string(poolId), "Username": "alice", "Password": "N3w-Passw0rd!", "Permanent": true,
        ])
        let signedIn = try await client.cognitoOK("InitiateAuth", [
            "ClientId": .string(clientId), "AuthFlow": "USER_PASSWORD_AUTH",
            "AuthParameters": ["USERNAME": "alice", "PASSWORD": "N3w-Passw0rd!"],
        ], signed: false)
        let idToken = try #require(signedIn["AuthenticationResult"]?["IdToken"]?.stringValue)
        let header = try JSON.parse(bytes: try #require(Base64URL.decode(String(idToken.split(separator: ".")[0]))))
        let published = try await get(client, "/\(poolId)/.well-known/jwks.json").body["keys"]?.arrayValue?.first
        let key = try #require(published)
        #expect(header["kid"] == key["kid"])
        #expect(header["alg"] == "RS256")
        let publicKey = try RSAPublicKey(jwkN: try #require(key["n"]?.stringValue), jwkE: try #require(key["e"]?.stringValue))
        let parts = idToken.split(separator: ".")
        #expect(publicKey.verify(Array((parts[0] + "." + parts[1]).utf8), signature: try #require(Base64URL.decode(String(parts[2])))))
    }
}
