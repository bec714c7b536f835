import Core
import Synchronization
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A key that signs and verifies JWS compact tokens: ``RS256Key`` for user pools' ID and
/// access tokens (as Cognito issues them, verifiable with the pool's published JWKS),
/// ``HS256Key`` for the identity pools' own OpenID tokens, which only the platform checks.
public protocol TokenSigningKey: Sendable {
    /// The JWS `alg` this key produces and the only one it accepts, e.g. `RS256`.
    var algorithm: String { get }
    /// The `kid` written in token headers, so a verifier can pick the key.
    var keyId: String { get }
    /// The signature of `input`; ``JWTError/signingFailed(_:)`` if none can be released.
    func sign(_ input: [UInt8]) throws(JWTError) -> [UInt8]
    func verify(_ input: [UInt8], signature: [UInt8]) -> Bool
}

/// HMAC-SHA256 signing (`HS256`) under a secret key.
public struct HS256Key: TokenSigningKey {
    public let keyId: String
    private let key: HMACSHA256Key
    public var algorithm: String { "HS256" }

    public init(keyId: String, secret: [UInt8]) {
        self.keyId = keyId
        self.key = HMACSHA256Key(key: secret)
    }

    public func sign(_ input: [UInt8]) -> [UInt8] { key.authenticate(input) }

    public func verify(_ input: [UInt8], signature: [UInt8]) -> Bool {
        ConstantTime.equals(key.authenticate(input), signature)
    }
}

/// Why a token was refused. Messages are for logs and error bodies; every case means the token
/// proves nothing.
public enum JWTError: Error, Sendable, Equatable {
    case malformed(String)
    case unknownKey(String)
    /// The header's `alg` is not the key's (includes `none`): the verifier pins the algorithm
    /// to the key, never to what the token claims.
    case algorithmMismatch(String)
    case badSignature
    /// The key could not sign (an RSA signature failed its own check): no token is issued.
    case signingFailed(String)

    /// Whether the token was well formed but its signature proves nothing: signed with a key
    /// the verifier does not have, with another algorithm, or altered since it was signed.
    public var isSignatureFailure: Bool {
        switch self {
        case .malformed, .signingFailed: false
        case .unknownKey, .algorithmMismatch, .badSignature: true
        }
    }
}

/// JWS compact serialisation: `base64url(header).base64url(payload).base64url(signature)`.
public enum JWT {
    /// A signed token carrying `claims`, with header `{"alg": ..., "kid": ..., "typ": "JWT"}`.
    public static func sign(_ claims: JSONObject, with key: any TokenSigningKey) throws(JWTError) -> String {
        let input = signingInput(claims, key: key)
        return input + "." + Base64URL.encode(try key.sign(Array(input.utf8)))
    }

    /// ``sign(_:with:)`` with an HMAC key, which cannot fail.
    public static func sign(_ claims: JSONObject, with key: HS256Key) -> String {
        let input = signingInput(claims, key: key)
        return input + "." + Base64URL.encode(key.sign(Array(input.utf8)))
    }

    /// `base64url(header).base64url(claims)`: what the signature covers.
    private static func signingInput(_ claims: JSONObject, key: any TokenSigningKey) -> String {
        let header: JSON = ["kid": .string(key.keyId), "alg": .string(key.algorithm), "typ": "JWT"]
        return Base64URL.encode(header.serializedBytes()) + "." + Base64URL.encode(JSON.object(claims).serializedBytes())
    }

    /// The verified claims of `token`: the key is chosen by `kid` through `key(for:)`, the
    /// header's `alg` must be that key's, and the signature must match. Claims such as `exp`,
    /// `iss`, `aud` and `token_use` are the caller's to check.
    public static func verify(_ token: String, key: (String) -> (any TokenSigningKey)?) throws(JWTError) -> JSONObject {
        let known = DecodedTokens.shared.decoded(token)
        let decoded: DecodedTokens.Decoded
        if let known { decoded = known } else { decoded = try decode(token) }
        let (parts, header, claims) = decoded
        guard case .string(let keyId)? = header["kid"] else { throw .malformed("the header names no key (kid)") }
        guard let signingKey = key(keyId) else { throw .unknownKey(keyId) }
        guard case .string(let algorithm)? = header["alg"], algorithm == signingKey.algorithm else {
            throw .algorithmMismatch("expected \(signingKey.algorithm), token says \(header["alg"].map { $0.serialized() } ?? "nothing")")
        }
        guard let signature = Base64URL.decode(bytes: parts.signature),
              signingKey.verify(Array(parts.signingInput), signature: signature) else {
            throw .badSignature
        }
        // Remembered only once a key's signature holds: nobody fills the memory with tokens
        // made up to be decoded (a genuine token needs a sign-in).
        if known == nil { DecodedTokens.shared.remember((parts, header, claims), for: token) }
        return claims
    }

    /// The claims of `token`, decoded but not verified: what a verifier may read before it
    /// trusts anything, such as the issuer that says which keys to verify with. Only a
    /// malformed token is refused.
    public static func unverifiedClaims(_ token: String) throws(JWTError) -> JSONObject {
        if let known = DecodedTokens.shared.decoded(token) { return known.claims }
        return try decode(token).claims
    }

    /// The segments, and the header and payload as JSON objects. Decoding depends on nothing
    /// but the token's text, so tokens that verified are remembered decoded (see
    /// ``DecodedTokens``): the same token comes back with every call it authorises.
    private static func decode(_ token: String) throws(JWTError) -> (parts: JWTSegments, header: JSONObject, claims: JSONObject) {
        guard let parts = JWTSegments(token) else {
            throw .malformed("a JWT has three dot-separated parts, this has \(JWTSegments.partCount(token))")
        }
        guard let headerBytes = Base64URL.decode(bytes: parts.header), case .object(let header)? = try? JSON.parse(bytes: headerBytes) else {
            throw .malformed("the header is not base64url-encoded JSON")
        }
        guard let payloadBytes = Base64URL.decode(bytes: parts.payload), case .object(let claims)? = try? JSON.parse(bytes: payloadBytes) else {
            throw .malformed("the payload is not base64url-encoded JSON")
        }
        return (parts, header, claims)
    }
}

/// Verifies the ID tokens an identity pool is given in `Logins`, by provider name
/// (`cognito-idp.<region>.amazonaws.com/<userPoolId>`). The user-pool engine implements it;
/// the identity-pool engine depends only on this.
public protocol LoginTokenVerifier: Sendable {
    /// The verified claims of an ID token issued by `providerName` and not expired at `date`:
    /// signature, `iss`, `token_use` = `id` and `exp` checked. The identity pool checks `aud`
    /// against its configured client ids itself.
    func verifyIDToken(_ token: String, providerName: String, at date: Date) throws(CognitoError) -> JSONObject
}

/// Tokens already decoded into segments, header and claims, by their text; only tokens whose
/// signature verified are kept. A decoding says nothing about whether the token is still good
/// (its key is looked up and its signature checked on every use), only what its parts are.
/// Bounded like the keys' memos: past `limit` tokens it starts afresh, and tokens longer than
/// `longest` bytes are never kept.
final class DecodedTokens: Sendable {
    typealias Decoded = (parts: JWTSegments, header: JSONObject, claims: JSONObject)

    static let shared = DecodedTokens()

    private let entries = Mutex<[String: Decoded]>([:])
    private let limit = 2_048
    private let longest = 8_192

    func decoded(_ token: String) -> Decoded? {
        guard token.utf8.count <= longest else { return nil }
        return entries.withLock { $0[token] }
    }

    func remember(_ decoded: Decoded, for token: String) {
        guard token.utf8.count <= longest else { return }
        entries.withLock { entries in
            if entries.count >= limit { entries.removeAll(keepingCapacity: true) }
            entries[token] = decoded
        }
    }
}
