/// Generating RSA keys from a random source.

extension RSAPrivateKey {
    /// A new `bits`-bit key with public exponent `e`, drawn from `source`.
    ///
    /// Everything random comes from `source`, in a fixed order, so a seeded source gives the
    /// same key on every run and platform; use ``SystemRandomSource`` for real keys. The primes
    /// have their top two bits set, so `n` has exactly `bits` bits; they differ in their top
    /// 100 bits and `d` exceeds `2^(bits/2)`, as FIPS 186-5 (A.1.1) requires. A 2048-bit key
    /// takes tens of milliseconds in an optimised build.
    ///
    /// - Precondition: `bits` is even and between ``RSAPublicKey/minimumModulusBits`` and
    ///   ``RSAPublicKey/maximumModulusBits``; `e` is odd and at least 3.
    public static func generate(bits: Int = 2048, e: UInt64 = 65537, using source: any RandomSource) -> RSAPrivateKey {
        precondition(bits % 2 == 0 && (RSAPublicKey.minimumModulusBits...RSAPublicKey.maximumModulusBits).contains(bits),
                     "RSA key sizes are even numbers of bits from \(RSAPublicKey.minimumModulusBits) to \(RSAPublicKey.maximumModulusBits)")
        precondition(e & 1 == 1 && e >= 3, "the public exponent must be odd and at least 3")
        let half = bits / 2
        while true {
            let first = BigUInt.randomPrime(bits: half, publicExponent: e, using: source)
            var second: BigUInt
            repeat {
                second = BigUInt.randomPrime(bits: half, publicExponent: e, using: source)
            } while (first > second ? first - second : second - first).bitWidth <= half - 100
            let (p, q) = first > second ? (first, second) : (second, first)
            guard let key = try? RSAPrivateKey(p: p, q: q, e: BigUInt(e)), key.d.bitWidth > half else { continue }
            return key
        }
    }
}
