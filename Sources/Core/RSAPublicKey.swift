/// RSA public keys: RS256 verification and the key's JWK form.

/// An RSA public key `(n, e)` that verifies RSASSA-PKCS1-v1_5 SHA-256 signatures (JWS `RS256`).
///
/// The modulus is prepared for Montgomery arithmetic once, when the key is made, so keep the
/// key rather than rebuilding it for each token.
public struct RSAPublicKey: Sendable, Equatable {
    /// The modulus `n`.
    public let n: BigUInt
    /// The public exponent `e`.
    public let e: BigUInt
    /// `n` ready for Montgomery arithmetic.
    let modulus: MontgomeryModulus

    /// Moduli below this many bits are refused: RFC 7518 section 3.3 requires 2048 for RS256.
    public static let minimumModulusBits = 2048
    /// Moduli above this many bits are refused, which bounds the work a key from outside can cause.
    public static let maximumModulusBits = 8192

    /// The key `(n, e)`, checked: `n` odd with between 2048 and 8192 bits, `e` odd with
    /// `3 <= e < n` and at most 256 bits (FIPS 186-5's ceiling, which also bounds verification).
    public init(n: BigUInt, e: BigUInt) throws(RSAError) {
        guard n.isOdd else { throw .invalidKey("the modulus n is even") }
        guard (Self.minimumModulusBits...Self.maximumModulusBits).contains(n.bitWidth) else {
            throw .invalidKey("the modulus n has \(n.bitWidth) bits; RS256 needs \(Self.minimumModulusBits) to \(Self.maximumModulusBits)")
        }
        guard e.isOdd, e >= BigUInt(3), e < n, e.bitWidth <= 256 else {
            throw .invalidKey("the public exponent e must be odd, at least 3, below n and at most 256 bits")
        }
        self.n = n
        self.e = e
        modulus = MontgomeryModulus(n)
    }

    /// The key a JWK's `n` and `e` members describe (base64url, with or without padding).
    public init(jwkN: String, jwkE: String) throws(RSAError) {
        guard let n = Base64URL.decode(jwkN), let e = Base64URL.decode(jwkE) else {
            throw .invalidKey("the JWK's n or e is not base64url")
        }
        try self.init(n: BigUInt(bigEndian: n), e: BigUInt(bigEndian: e))
    }

    /// The length of a signature, and of the modulus, in bytes: 256 for a 2048-bit key.
    public var byteCount: Int { (n.bitWidth + 7) / 8 }

    // MARK: - Verification

    /// Whether `signature` is this key's RSASSA-PKCS1-v1_5 SHA-256 signature of `message`
    /// (RFC 8017 section 8.2.2).
    ///
    /// A signature of the wrong length, or whose value is not below `n`, is refused before any
    /// arithmetic; otherwise the whole block it opens to must equal the block built for
    /// `message`, compared without early exit.
    public func verify(_ message: [UInt8], signature: [UInt8]) -> Bool {
        verify(digest: SHA256.hash(message), signature: signature)
    }

    /// ``verify(_:signature:)`` for a message given as a slice, such as a JWT's signing input.
    public func verify(_ message: ArraySlice<UInt8>, signature: [UInt8]) -> Bool {
        var hasher = SHA256()
        message.withUnsafeBytes { hasher.update($0) }
        return verify(digest: hasher.finalize(), signature: signature)
    }

    func verify(digest: [UInt8], signature: [UInt8]) -> Bool {
        guard signature.count == byteCount else { return false }
        let representative = BigUInt(bigEndian: signature)
        guard representative < n else { return false }
        let opened = modulus.power(representative, publicExponent: e)
        guard let block = opened.bigEndianBytes(count: byteCount) else { return false }
        return ConstantTime.equals(block, RSASignatureEncoding.encode(digest: digest, length: byteCount))
    }

    // MARK: - JWK

    /// The JWK `n` member: the modulus as unpadded base64url of its shortest big-endian bytes.
    public var jwkN: String { Base64URL.encode(n.bigEndianBytes()) }

    /// The JWK `e` member: `AQAB` for 65537.
    public var jwkE: String { Base64URL.encode(e.bigEndianBytes()) }

    /// The public JWK `{"kty": "RSA", "n": ..., "e": ...}`; a JWKS entry adds `kid`, `alg` and `use`.
    public var jwk: JSON {
        ["kty": "RSA", "n": .string(jwkN), "e": .string(jwkE)]
    }

    /// The RFC 7638 thumbprint: unpadded base64url of the SHA-256 of the canonical JSON
    /// `{"e":"...","kty":"RSA","n":"..."}` (required members only, sorted, no whitespace).
    /// It depends only on `n` and `e`, so it serves as a stable `kid`.
    public var thumbprint: String {
        // Base64url text needs no JSON escaping, so plain concatenation is canonical.
        Base64URL.encode(SHA256.hash(#"{"e":""# + jwkE + #"","kty":"RSA","n":""# + jwkN + #""}"#))
    }

    public static func == (lhs: RSAPublicKey, rhs: RSAPublicKey) -> Bool {
        lhs.n == rhs.n && lhs.e == rhs.e
    }
}
