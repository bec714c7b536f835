// Each pool's signing key: chosen when the pool is made, published as its JWKS and OpenID
// discovery document, as Cognito publishes them under the issuer URL.
import Core

extension UserPools {
    /// A key for a new pool that no pool of this engine has held: the next of the seeded series
    /// when the engine's randomness is reproducible, else a secret one.
    func newSigningKey() -> RS256Key {
        if random.isReproducible {
            let ordinal = state.withLock { state in
                defer { state.seededKeysTaken += 1 }
                return state.seededKeysTaken
            }
            let key = keys.seededKey(ordinal: ordinal)
            state.withLock { _ = $0.usedKeyIds.insert(key.keyId) }
            return key
        }
        while true {
            let key = keys.secretKey(excluding: state.withLock { $0.usedKeyIds })
            // Two pools made at once may be offered the same stock key: the first claims it.
            if state.withLock({ $0.usedKeyIds.insert(key.keyId).inserted }) { return key }
        }
    }

    /// `GET /{userPoolId}/.well-known/jwks.json`: the pool's public keys, `{"keys": [...]}`.
    public func jwks(poolId: String) throws(CognitoError) -> JSON {
        let key = try withPool(poolId) { record throws(CognitoError) in record.key }
        return ["keys": [key.jwk]]
    }

    /// `GET /{userPoolId}/.well-known/openid-configuration`: the pool's OpenID Provider
    /// metadata (OpenID Connect Discovery 1.0). `issuer` is the `iss` of the pool's tokens;
    /// `jwksURI` is where this platform serves ``jwks(poolId:)``, since the issuer's host is
    /// AWS's. Endpoints of a hosted sign-in domain are left out: saaslab has none.
    public func openIDConfiguration(poolId: String, jwksURI: String) throws(CognitoError) -> JSON {
        let issuer = try withPool(poolId) { record throws(CognitoError) in record.pool.issuer }
        return [
            "issuer": .string(issuer),
            "jwks_uri": .string(jwksURI),
            "id_token_signing_alg_values_supported": ["RS256"],
            "response_types_supported": ["code", "token"],
            "scopes_supported": ["openid", "email", "phone", "profile"],
            "subject_types_supported": ["public"],
            "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
        ]
    }
}
