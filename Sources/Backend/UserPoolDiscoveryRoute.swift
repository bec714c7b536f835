import Cognito
import Core
import HTTP

/// `GET /{userPoolId}/.well-known/jwks.json` and `GET /{userPoolId}/.well-known/openid-configuration`:
/// a user pool's public signing keys and its OpenID discovery document, at the paths Cognito
/// serves them under its issuer (`https://cognito-idp.<region>.amazonaws.com/<userPoolId>`).
///
/// Public and unsigned, as on AWS: JWT libraries (PyJWT's `PyJWKClient`, any OIDC client)
/// fetch them to check the pool's tokens. The discovery document's `issuer` is the tokens'
/// `iss`; its `jwks_uri` points back here, at the host the request was sent to, since the
/// issuer's host is AWS's. An unknown pool is a 404.
enum UserPoolDiscoveryRoute {
    static func register(on router: inout Router, userPools: UserPools) {
        router.get("/:userPoolId/.well-known/jwks.json") { _, context in
            let poolId = try context.pathParameter("userPoolId")
            return HTTPResponse.json(text: try document(poolId) { () throws(CognitoError) in try userPools.jwks(poolId: poolId) }.serialized())
        }
        router.get("/:userPoolId/.well-known/openid-configuration") { request, context in
            let poolId = try context.pathParameter("userPoolId")
            let jwksURI = jwksURI(poolId: poolId, host: request.headers["Host"], region: userPools.region)
            return HTTPResponse.json(text: try document(poolId) { () throws(CognitoError) in
                try userPools.openIDConfiguration(poolId: poolId, jwksURI: jwksURI)
            }.serialized())
        }
    }

    /// The document `make` gives, or 404 naming the pool.
    private static func document(_ poolId: String, _ make: () throws(CognitoError) -> JSON) throws -> JSON {
        do {
            return try make()
        } catch {
            throw HTTPError(status: .notFound, code: "ResourceNotFoundException", message: "User pool \(poolId) does not exist.")
        }
    }

    /// Where this platform serves the pool's JWKS: on the host the request named, or under
    /// the issuer's own URL when it named none (an HTTP/1.0 request).
    private static func jwksURI(poolId: String, host: String?, region: String) -> String {
        let path = "/" + URLEncoding.encode(poolId) + "/.well-known/jwks.json"
        guard let host, !host.isEmpty else { return "https://cognito-idp.\(region).amazonaws.com" + path }
        return "http://" + host + path
    }
}
