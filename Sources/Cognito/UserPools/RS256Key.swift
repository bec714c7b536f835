// A user pool's token signing key: RS256 (RSASSA-PKCS1-v1_5 with SHA-256) over a 2048-bit
// key pair, published as a JWKS entry so any JWT library can check the pool's tokens.
import Core
import Synchronization

/// An RSA key pair signing a user pool's ID and access tokens as `RS256`, with its RFC 7638
/// thumbprint as `kid` (what a verifier looks up in the pool's JWKS).
public struct RS256Key: TokenSigningKey {
    public let keyId: String
    public let privateKey: RSAPrivateKey
    /// Signatures already made with a key from the published seeded series, by signing input:
    /// a seeded run signs the same tokens again in every copy `grade` makes, and RSASSA-PKCS1-v1_5
    /// gives the same signature for the same input, so it is made once. Nil for secret keys,
    /// whose inputs (fresh `jti`s) never repeat.
    private let memo: SignatureMemo?
    /// Tokens already found genuine, by the digest of their signing input and signature: a
    /// token is checked again on every call it is sent with (GetUser, GetId, then
    /// GetCredentialsForIdentity, ...), and the answer cannot change while the key lives.
    private let verified = VerifiedMemo()

    public var algorithm: String { "RS256" }
    public var publicKey: RSAPublicKey { privateKey.publicKey }

    /// - Parameter memoizing: remember signatures (for keys of the seeded series only).
    public init(_ privateKey: RSAPrivateKey, memoizing: Bool = false) {
        self.privateKey = privateKey
        self.keyId = privateKey.publicKey.thumbprint
        self.memo = memoizing ? SignatureMemo() : nil
    }

    public func sign(_ input: [UInt8]) throws(JWTError) -> [UInt8] {
        let digest = SHA256.hash(input)
        if let memo, let signature = memo.signature(of: digest) { return signature }
        let signature: [UInt8]
        do {
            signature = try privateKey.sign(digest: digest)
        } catch {
            throw .signingFailed(error.description)
        }
        memo?.remember(signature, of: digest)
        return signature
    }

    public func verify(_ input: [UInt8], signature: [UInt8]) -> Bool {
        // A genuine signature has exactly the modulus' length, which also makes input and
        // signature one unambiguous string to digest: no bytes can move from one to the other.
        guard signature.count == publicKey.byteCount else { return false }
        var hasher = SHA256()
        hasher.update(input)
        hasher.update(signature)
        let digest = hasher.finalize()
        if verified.contains(digest) { return true }
        guard privateKey.publicKey.verify(input, signature: signature) else { return false }
        verified.insert(digest)
        return true
    }

    /// The key's entry in a JWKS, as Cognito publishes it: `alg`, `e`, `kid`, `kty`, `n`, `use`.
    public var jwk: JSON {
        [
            "alg": "RS256", "e": .string(publicKey.jwkE), "kid": .string(keyId), "kty": "RSA",
            "n": .string(publicKey.jwkN), "use": "sig",
        ]
    }
}

/// Signatures by SHA-256 digest of their input, bounded: past `limit` entries it starts
/// afresh, so a long seeded `serve` holds at most `limit` of them.
final class SignatureMemo: Sendable {
    private let entries = Mutex<[[UInt8]: [UInt8]]>([:])
    private let limit = 2_048

    func signature(of digest: [UInt8]) -> [UInt8]? {
        entries.withLock { $0[digest] }
    }

    func remember(_ signature: [UInt8], of digest: [UInt8]) {
        entries.withLock { entries in
            if entries.count >= limit { entries.removeAll(keepingCapacity: true) }
            entries[digest] = signature
        }
    }
}

/// Digests of tokens whose signature verified, bounded like ``SignatureMemo``. Only successes
/// are kept, so a forgery is checked in full every time it is tried.
final class VerifiedMemo: Sendable {
    private let digests = Mutex<Set<[UInt8]>>([])
    private let limit = 4_096

    func contains(_ digest: [UInt8]) -> Bool {
        digests.withLock { $0.contains(digest) }
    }

    func insert(_ digest: [UInt8]) {
        digests.withLock { digests in
            if digests.count >= limit { digests.removeAll(keepingCapacity: true) }
            digests.insert(digest)
        }
    }
}
