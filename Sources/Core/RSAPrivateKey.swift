/// RSA private keys: RS256 signing through the Chinese remainder theorem.

/// An RSA private key with its CRT parameters (RFC 8017 section 3.2): signs with
/// RSASSA-PKCS1-v1_5 SHA-256 (JWS `RS256`).
///
/// Every way of making one checks that the parts agree, so a key that exists can sign.
public struct RSAPrivateKey: Sendable {
    /// The matching public key `(n, e)`.
    public let publicKey: RSAPublicKey
    /// The private exponent `d`, with `e·d ≡ 1 (mod λ(n))`.
    public let d: BigUInt
    /// The prime factors of `n`.
    public let p: BigUInt
    public let q: BigUInt
    /// `d mod (p - 1)` and `d mod (q - 1)`: the exponents of the two half-size exponentiations.
    public let dP: BigUInt
    public let dQ: BigUInt
    /// `q⁻¹ mod p`, which recombines the two halves (Garner's formula).
    public let qInv: BigUInt

    private let pModulus: MontgomeryModulus
    private let qModulus: MontgomeryModulus
    /// `qInv` as `p`'s limb count, ready to multiply in Montgomery arithmetic.
    private let qInvLimbs: [UInt64]

    /// The modulus `n`.
    public var n: BigUInt { publicKey.n }
    /// The public exponent `e`.
    public var e: BigUInt { publicKey.e }

    /// A key from all eight RFC 8017 components (as a private JWK's `n`, `e`, `d`, `p`, `q`,
    /// `dp`, `dq` and `qi` carry them), after checking that they agree: `n = p·q`,
    /// `e·d ≡ 1` modulo `p - 1` and `q - 1`, `dP` and `dQ` are reduced exponents that invert
    /// `e`, and `q·qInv ≡ 1 (mod p)`. Primality of `p` and `q` is not re-tested.
    public init(
        n: BigUInt, e: BigUInt, d: BigUInt, p: BigUInt, q: BigUInt, dP: BigUInt, dQ: BigUInt, qInv: BigUInt
    ) throws(RSAError) {
        let publicKey = try RSAPublicKey(n: n, e: e)
        guard p.isOdd, q.isOdd, p > BigUInt(1), q > BigUInt(1), p != q, p * q == n else {
            throw .invalidKey("n is not the product of two distinct odd primes p and q")
        }
        let one = BigUInt(1)
        let pMinusOne = p - one, qMinusOne = q - one
        guard (e * d) % pMinusOne == one, (e * d) % qMinusOne == one else {
            throw .invalidKey("d does not invert e modulo p - 1 and q - 1")
        }
        guard dP < pMinusOne, dQ < qMinusOne, (e * dP) % pMinusOne == one, (e * dQ) % qMinusOne == one else {
            throw .invalidKey("dP and dQ must be d reduced modulo p - 1 and q - 1")
        }
        guard qInv < p, (q * qInv) % p == one else {
            throw .invalidKey("qInv is not the inverse of q modulo p")
        }
        self.publicKey = publicKey
        self.d = d
        self.p = p
        self.q = q
        self.dP = dP
        self.dQ = dQ
        self.qInv = qInv
        pModulus = MontgomeryModulus(p)
        qModulus = MontgomeryModulus(q)
        qInvLimbs = MontgomeryModulus.padded(qInv, to: pModulus.count)
    }

    /// The key with primes `p` and `q` and public exponent `e`: `d` is `e⁻¹ mod λ(n)` with
    /// `λ(n) = lcm(p - 1, q - 1)`, the smallest private exponent that works.
    public init(p: BigUInt, q: BigUInt, e: BigUInt) throws(RSAError) {
        let one = BigUInt(1)
        guard p > one, q > one, p != q else { throw .invalidKey("p and q must be distinct primes") }
        let pMinusOne = p - one, qMinusOne = q - one
        let lambda = pMinusOne / pMinusOne.greatestCommonDivisor(with: qMinusOne) * qMinusOne
        guard lambda > one, let d = e.inverse(modulo: lambda), let qInv = q.inverse(modulo: p) else {
            throw .invalidKey("e is not invertible modulo lcm(p - 1, q - 1), or p and q share a factor")
        }
        try self.init(n: p * q, e: e, d: d, p: p, q: q, dP: d % pMinusOne, dQ: d % qMinusOne, qInv: qInv)
    }

    // MARK: - Signing

    /// The RSASSA-PKCS1-v1_5 SHA-256 signature of `message` (RFC 8017 section 8.2.1):
    /// ``RSAPublicKey/byteCount`` bytes, the same for the same key and message every time.
    ///
    /// The signature is computed with CRT and then checked with the public exponent before
    /// it is returned (about a fiftieth of the cost with `e = 65537`): a CRT result that is
    /// wrong in one half would let anyone factor `n` from it (the Bellcore attack).
    ///
    /// - Throws: ``RSAError/signingFault`` if the check fails twice, which a key that passed
    ///   its checks cannot cause.
    public func sign(_ message: [UInt8]) throws(RSAError) -> [UInt8] {
        try sign(digest: SHA256.hash(message))
    }

    /// ``sign(_:)`` for a message given as a slice, such as a JWT's signing input.
    public func sign(_ message: ArraySlice<UInt8>) throws(RSAError) -> [UInt8] {
        var hasher = SHA256()
        message.withUnsafeBytes { hasher.update($0) }
        return try sign(digest: hasher.finalize())
    }

    /// ``sign(_:)`` for a message whose SHA-256 digest the caller already has (32 bytes).
    public func sign(digest: [UInt8]) throws(RSAError) -> [UInt8] {
        precondition(digest.count == 32, "a SHA-256 digest is 32 bytes")
        let length = publicKey.byteCount
        let representative = BigUInt(bigEndian: RSASignatureEncoding.encode(digest: digest, length: length))
        for _ in 0..<2 {
            let signature = privatePower(representative)
            if publicKey.modulus.power(signature, publicExponent: e) == representative {
                return signature.bigEndianBytes(count: length)!
            }
        }
        throw .signingFault
    }

    /// `m^d mod n` by Garner's CRT recombination: `m₁ = m^dP mod p`, `m₂ = m^dQ mod q`,
    /// `h = qInv·(m₁ - m₂) mod p`, result `m₂ + h·q`. Two half-size exponentiations cost about a
    /// quarter of one full-size one.
    ///
    /// Everything that touches secret values runs in constant-time Montgomery arithmetic:
    /// `m₁` stays in Montgomery form, `m₂` joins it there, and one Montgomery product with the
    /// plain `qInv` both multiplies and leaves that form, giving `h` as an ordinary value.
    func privatePower(_ m: BigUInt) -> BigUInt {
        let m1 = pModulus.powerInMontgomeryForm(pModulus.montgomeryForm(m), secretExponent: dP)
        let m2 = qModulus.normalForm(qModulus.powerInMontgomeryForm(qModulus.montgomeryForm(m), secretExponent: dQ))
        let difference = pModulus.subtract(m1, pModulus.montgomeryForm(m2))
        let h = BigUInt(limbs: pModulus.multiply(difference, qInvLimbs))
        return m2 + h * q
    }
}
