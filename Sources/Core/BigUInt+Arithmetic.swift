/// Addition, subtraction, multiplication and shifts on ``BigUInt``.
///
/// Limb products and carries go through `UInt128`, which the compiler lowers to one `mul`
/// and an `add`/`adc` pair: the shortest carry chain Swift can express.

extension BigUInt {
    public static func + (lhs: BigUInt, rhs: BigUInt) -> BigUInt {
        let (long, short) = lhs.limbs.count >= rhs.limbs.count ? (lhs.limbs, rhs.limbs) : (rhs.limbs, lhs.limbs)
        var sum = long
        var carry: UInt64 = 0
        for index in 0..<long.count {
            let addend = index < short.count ? short[index] : 0
            let total = UInt128(long[index]) &+ UInt128(addend) &+ UInt128(carry)
            sum[index] = UInt64(truncatingIfNeeded: total)
            carry = UInt64(truncatingIfNeeded: total >> 64)
            if carry == 0 && index >= short.count { break }
        }
        if carry != 0 { sum.append(carry) }
        return BigUInt(limbs: sum)
    }

    /// `lhs - rhs`.
    ///
    /// - Precondition: `lhs >= rhs`.
    public static func - (lhs: BigUInt, rhs: BigUInt) -> BigUInt {
        precondition(lhs >= rhs, "BigUInt subtraction would go below zero")
        var difference = lhs.limbs
        var borrow: UInt64 = 0
        for index in 0..<difference.count {
            let subtrahend = index < rhs.limbs.count ? rhs.limbs[index] : 0
            let total = UInt128(difference[index]) &- UInt128(subtrahend) &- UInt128(borrow)
            difference[index] = UInt64(truncatingIfNeeded: total)
            borrow = UInt64(truncatingIfNeeded: total >> 127)
            if borrow == 0 && index >= rhs.limbs.count { break }
        }
        return BigUInt(limbs: difference)
    }

    /// Schoolbook multiplication: RSA's operands are at most a few dozen limbs, below the size
    /// where Karatsuba pays for its bookkeeping.
    public static func * (lhs: BigUInt, rhs: BigUInt) -> BigUInt {
        guard !lhs.isZero, !rhs.isZero else { return BigUInt(0) }
        var product = [UInt64](repeating: 0, count: lhs.limbs.count + rhs.limbs.count)
        lhs.limbs.withUnsafeBufferPointer { a in
            rhs.limbs.withUnsafeBufferPointer { b in
                product.withUnsafeMutableBufferPointer { z in
                    for i in 0..<a.count {
                        let ai = UInt128(a[i])
                        var carry: UInt128 = 0
                        for j in 0..<b.count {
                            let total = ai &* UInt128(b[j]) &+ UInt128(z[i &+ j]) &+ carry
                            z[i &+ j] = UInt64(truncatingIfNeeded: total)
                            carry = total >> 64
                        }
                        z[i &+ b.count] = UInt64(truncatingIfNeeded: carry)
                    }
                }
            }
        }
        return BigUInt(limbs: product)
    }

    public static func += (lhs: inout BigUInt, rhs: BigUInt) { lhs = lhs + rhs }
    public static func -= (lhs: inout BigUInt, rhs: BigUInt) { lhs = lhs - rhs }
    public static func *= (lhs: inout BigUInt, rhs: BigUInt) { lhs = lhs * rhs }

    /// The value times 2^`shift`.
    public static func << (value: BigUInt, shift: Int) -> BigUInt {
        precondition(shift >= 0, "BigUInt shifts must not be negative")
        guard !value.isZero else { return value }
        let limbShift = shift / 64, bitShift = UInt64(shift % 64)
        var shifted = [UInt64](repeating: 0, count: value.limbs.count + limbShift + 1)
        for (index, limb) in value.limbs.enumerated() {
            shifted[index + limbShift] |= limb << bitShift
            if bitShift > 0 { shifted[index + limbShift + 1] = limb >> (64 - bitShift) }
        }
        return BigUInt(limbs: shifted)
    }

    /// The value divided by 2^`shift`, rounded down.
    public static func >> (value: BigUInt, shift: Int) -> BigUInt {
        precondition(shift >= 0, "BigUInt shifts must not be negative")
        let limbShift = shift / 64, bitShift = UInt64(shift % 64)
        guard limbShift < value.limbs.count else { return BigUInt(0) }
        var shifted = Array(value.limbs[limbShift...])
        if bitShift > 0 {
            for index in shifted.indices {
                let next = index + 1 < shifted.count ? shifted[index + 1] : 0
                shifted[index] = shifted[index] >> bitShift | next << (64 - bitShift)
            }
        }
        return BigUInt(limbs: shifted)
    }

    /// The number of zero bits below the lowest set bit (0 for zero).
    var trailingZeroBitCount: Int {
        guard let index = limbs.firstIndex(where: { $0 != 0 }) else { return 0 }
        return index * 64 + limbs[index].trailingZeroBitCount
    }
}
