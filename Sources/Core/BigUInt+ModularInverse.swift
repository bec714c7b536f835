/// Greatest common divisors and modular inverses on ``BigUInt`` (extended Euclid).

extension BigUInt {
    /// The greatest common divisor of the value and `other` (zero only when both are zero).
    public func greatestCommonDivisor(with other: BigUInt) -> BigUInt {
        var (a, b) = (self, other)
        while !b.isZero { (a, b) = (b, a % b) }
        return a
    }

    /// The `x` in `[0, modulus)` with `self · x ≡ 1 (mod modulus)`, or nil when the value and
    /// `modulus` share a factor.
    ///
    /// Extended Euclid on the remainders `r₀ = modulus, r₁ = self mod modulus, ...`, keeping
    /// only the coefficients `tᵢ` with `rᵢ ≡ tᵢ · self`. Their signs alternate (`t₁ = 1`,
    /// `t₂ = -q₁`, ...), so the loop keeps magnitudes, `|tᵢ₊₁| = |tᵢ₋₁| + qᵢ|tᵢ|`, and applies
    /// the sign once at the end: no signed big integers needed.
    ///
    /// - Precondition: `modulus > 1`.
    public func inverse(modulo modulus: BigUInt) -> BigUInt? {
        precondition(modulus > BigUInt(1), "a modular inverse needs a modulus above 1")
        var (previousRemainder, remainder) = (modulus, self % modulus)
        var (previousCoefficient, coefficient) = (BigUInt(0), BigUInt(1))
        // Whether `coefficient` (the t of `remainder`) is positive; t₁ = 1 is.
        var coefficientIsPositive = true
        while !remainder.isZero {
            let (quotient, next) = previousRemainder.quotientAndRemainder(dividingBy: remainder)
            (previousRemainder, remainder) = (remainder, next)
            (previousCoefficient, coefficient) = (coefficient, previousCoefficient + quotient * coefficient)
            coefficientIsPositive.toggle()
        }
        // `previousRemainder` is the gcd; its coefficient's sign is the opposite of the last one's.
        guard previousRemainder == BigUInt(1) else { return nil }
        let previousIsPositive = !coefficientIsPositive
        return previousIsPositive ? previousCoefficient : modulus - previousCoefficient
    }
}
