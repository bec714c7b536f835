/// Division with remainder on ``BigUInt`` (Knuth, TAOCP vol. 2, 4.3.1, Algorithm D).
///
/// RSA divides only while setting up: reducing `d` to the CRT exponents, `R² mod n` for
/// Montgomery, key recovery from `(n, e, d)`. Signing and verifying never come here for keys
/// whose primes are of equal size, so this favours clarity over speed.

extension BigUInt {
    /// `self / divisor` and `self % divisor`.
    ///
    /// - Precondition: `divisor` is not zero.
    public func quotientAndRemainder(dividingBy divisor: BigUInt) -> (quotient: BigUInt, remainder: BigUInt) {
        precondition(!divisor.isZero, "BigUInt division by zero")
        if self < divisor { return (BigUInt(0), self) }
        if divisor.limbs.count == 1 {
            let (quotient, remainder) = quotientAndRemainder(dividingBy: divisor.limbs[0])
            return (quotient, BigUInt(remainder))
        }

        // D1: shift both so the divisor's top limb has its top bit set; then each estimated
        // quotient limb is at most two too large.
        let shift = divisor.limbs[divisor.limbs.count - 1].leadingZeroBitCount
        let v = (divisor << shift).limbs
        var u = (self << shift).limbs
        if u.count == limbs.count { u.append(0) }
        let n = v.count, m = u.count - n
        var quotient = [UInt64](repeating: 0, count: m)
        let vTop = v[n - 1], vNext = v[n - 2]

        for j in stride(from: m - 1, through: 0, by: -1) {
            // D3: estimate the quotient limb from the top two limbs, then refine with the third.
            var estimate: UInt64
            var remainder: UInt128
            if u[j + n] >= vTop {
                estimate = .max
                remainder = UInt128(u[j + n]) << 64 | UInt128(u[j + n - 1])
                remainder -= UInt128(estimate) * UInt128(vTop)
            } else {
                let division = vTop.dividingFullWidth((u[j + n], u[j + n - 1]))
                estimate = division.quotient
                remainder = UInt128(division.remainder)
            }
            while remainder >> 64 == 0,
                  UInt128(estimate) * UInt128(vNext) > (remainder << 64 | UInt128(u[j + n - 2])) {
                estimate -= 1
                remainder += UInt128(vTop)
            }

            // D4: subtract estimate × v from the window of u.
            var borrow: UInt64 = 0
            var carry: UInt64 = 0
            for i in 0..<n {
                let product = UInt128(estimate) * UInt128(v[i]) + UInt128(carry)
                carry = UInt64(truncatingIfNeeded: product >> 64)
                let difference = UInt128(u[i + j]) &- UInt128(UInt64(truncatingIfNeeded: product)) &- UInt128(borrow)
                u[i + j] = UInt64(truncatingIfNeeded: difference)
                borrow = UInt64(truncatingIfNeeded: difference >> 127)
            }
            let top = UInt128(u[j + n]) &- UInt128(carry) &- UInt128(borrow)
            u[j + n] = UInt64(truncatingIfNeeded: top)

            // D6: the estimate was one too large (rare); add v back.
            if top >> 127 != 0 {
                estimate -= 1
                var addCarry: UInt64 = 0
                for i in 0..<n {
                    let sum = UInt128(u[i + j]) + UInt128(v[i]) + UInt128(addCarry)
                    u[i + j] = UInt64(truncatingIfNeeded: sum)
                    addCarry = UInt64(truncatingIfNeeded: sum >> 64)
                }
                u[j + n] &+= addCarry
            }
            quotient[j] = estimate
        }

        // D8: the remainder is the low n limbs of u, shifted back.
        let remainder = BigUInt(limbs: Array(u[0..<n])) >> shift
        return (BigUInt(limbs: quotient), remainder)
    }

    /// `self / divisor` and `self % divisor` for a one-limb divisor.
    ///
    /// - Precondition: `divisor` is not zero.
    public func quotientAndRemainder(dividingBy divisor: UInt64) -> (quotient: BigUInt, remainder: UInt64) {
        precondition(divisor != 0, "BigUInt division by zero")
        var quotient = limbs
        var remainder: UInt64 = 0
        for index in stride(from: limbs.count - 1, through: 0, by: -1) {
            (quotient[index], remainder) = divisor.dividingFullWidth((remainder, limbs[index]))
        }
        return (BigUInt(limbs: quotient), remainder)
    }

    /// `self % divisor` for a one-limb divisor, without building the quotient: trial division
    /// by small primes calls this thousands of times per key.
    func remainder(dividingBy divisor: UInt64) -> UInt64 {
        var remainder: UInt64 = 0
        for limb in limbs.reversed() {
            remainder = divisor.dividingFullWidth((remainder, limb)).remainder
        }
        return remainder
    }

    public static func / (lhs: BigUInt, rhs: BigUInt) -> BigUInt {
        lhs.quotientAndRemainder(dividingBy: rhs).quotient
    }

    public static func % (lhs: BigUInt, rhs: BigUInt) -> BigUInt {
        lhs.quotientAndRemainder(dividingBy: rhs).remainder
    }
}
