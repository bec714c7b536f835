/// Recovering an RSA key's primes from its modulus and both exponents.

extension RSAPrivateKey {
    /// The key with modulus `n` and exponents `e` and `d`, its primes recovered so that it can
    /// sign with CRT (NIST SP 800-56B Rev. 2, Appendix C.2).
    ///
    /// `e·d - 1` is a multiple of `λ(n)`; write it `2^t · r` with `r` odd. For most `g`, the
    /// sequence `g^r, g^(2r), ...` reaches 1 through a square root of 1 other than ±1, and
    /// that root `y` splits `n` as `gcd(y - 1, n)`. The bases are the small primes in order,
    /// so the result does not depend on chance.
    public init(n: BigUInt, e: BigUInt, d: BigUInt) throws(RSAError) {
        let one = BigUInt(1)
        guard n.isOdd, n > BigUInt(3), !d.isZero, !e.isZero else {
            throw .invalidKey("n must be odd and e and d positive")
        }
        let multiple = e * d - one
        guard !multiple.isZero, !multiple.isOdd else { throw .invalidKey("e·d - 1 must be a positive even number") }
        let twos = multiple.trailingZeroBitCount
        let oddPart = multiple >> twos
        let modulus = MontgomeryModulus(n)
        let minusOne = n - one
        let two = BigUInt(2)

        for base in SmallPrimes.primes.prefix(100) {
            var y = modulus.power(BigUInt(base), secretExponent: oddPart)
            if y == one || y == minusOne { continue }
            var reachedMinusOne = false
            for _ in 0..<twos {
                let square = modulus.power(y, publicExponent: two)
                if square == one {
                    let factor = (y - one).greatestCommonDivisor(with: n)
                    let (p, q) = (max(factor, n / factor), min(factor, n / factor))
                    guard q > one, let qInv = q.inverse(modulo: p) else { break }
                    try self.init(n: n, e: e, d: d, p: p, q: q, dP: d % (p - one), dQ: d % (q - one), qInv: qInv)
                    return
                }
                if square == minusOne {
                    reachedMinusOne = true
                    break
                }
                y = square
            }
            // g^(e·d - 1) is 1 for every g coprime to n when d is right; ending anywhere else
            // proves d wrong, so there is no point trying more bases.
            guard reachedMinusOne else { break }
        }
        throw .invalidKey("n could not be factored from e and d, so d does not belong to (n, e)")
    }
}
