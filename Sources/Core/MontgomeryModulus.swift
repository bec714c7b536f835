/// Modular exponentiation through Montgomery multiplication.

/// An odd modulus prepared for Montgomery arithmetic: `R = 2^(64·count)`, `R² mod n` and
/// `-n⁻¹ mod 2^64` are computed once, so a key pays the division they need when it is made
/// rather than on every signature.
///
/// Values "in Montgomery form" are `x·R mod n` as exactly `count` limbs. Each exponentiation
/// takes one scratch allocation for its table and accumulators and none inside its loop.
struct MontgomeryModulus: Sendable {
    /// The modulus `n`.
    let modulus: BigUInt
    /// Limbs of `n`, and so of every value in Montgomery form.
    let count: Int
    /// `n` as `count` limbs.
    private let limbs: [UInt64]
    /// `-n⁻¹ mod 2^64`: the factor that clears the low limb in each reduction pass.
    private let inverse: UInt64
    /// `R² mod n`: multiplying by it (and `R⁻¹`) takes a value into Montgomery form.
    private let rSquared: [UInt64]
    /// `R mod n`: one, in Montgomery form.
    private let one: [UInt64]

    /// - Precondition: `modulus` is odd and above 1.
    init(_ modulus: BigUInt) {
        precondition(modulus.isOdd && modulus > BigUInt(1), "Montgomery arithmetic needs an odd modulus above 1")
        self.modulus = modulus
        limbs = modulus.limbs
        count = limbs.count
        // Newton's iteration for 1/n mod 2^64: any odd n is its own inverse mod 8 (3 bits),
        // and each step doubles the correct bits: 6, 12, 24, 48, 96.
        var x = limbs[0]
        for _ in 0..<5 { x = x &* (2 &- limbs[0] &* x) }
        inverse = 0 &- x
        rSquared = Self.padded((BigUInt(1) << (128 * count)) % modulus, to: count)
        one = Self.padded((BigUInt(1) << (64 * count)) % modulus, to: count)
    }

    // MARK: - Exponentiation

    /// `base^exponent mod n`, for an exponent that must stay secret (a private exponent, a
    /// Miller–Rabin witness's power): the same squarings and multiplications, and the same
    /// memory reads, whatever the exponent's bits.
    func power(_ base: BigUInt, secretExponent exponent: BigUInt) -> BigUInt {
        normalForm(powerInMontgomeryForm(montgomeryForm(base), secretExponent: exponent))
    }

    /// `base^exponent mod n` for a public exponent such as 65537: plain left-to-right
    /// square-and-multiply, which for 65537 is 16 squarings and one multiplication.
    func power(_ base: BigUInt, publicExponent exponent: BigUInt) -> BigUInt {
        guard !exponent.isZero else { return normalForm(one) }
        let start = montgomeryForm(base)
        var result = start
        let s = count
        withKernelArguments { n, n0, scratch in
            start.withUnsafeBufferPointer { base in
                result.withUnsafeMutableBufferPointer { accumulator in
                    let acc = accumulator.baseAddress!
                    for bit in stride(from: exponent.bitWidth - 2, through: 0, by: -1) {
                        MontgomeryKernels.square(acc, acc, modulus: n, inverse: n0, count: s, scratch: scratch)
                        if exponent.bit(bit) {
                            MontgomeryKernels.multiply(acc, acc, base.baseAddress!, modulus: n, inverse: n0, count: s, scratch: scratch)
                        }
                    }
                }
            }
        }
        return normalForm(result)
    }

    /// `base^exponent` in Montgomery form for `base` in Montgomery form, by fixed windows.
    ///
    /// The exponent is cut into `w`-bit windows from the top; each window costs `w` squarings
    /// and one multiplication by a table entry `base^k`, and the entry is read by
    /// ``MontgomeryKernels/select(_:from:entries:index:count:)``, which touches the whole table.
    /// A window of zero multiplies by one rather than skipping, so the sequence of operations
    /// depends only on the exponent's length.
    func powerInMontgomeryForm(_ base: [UInt64], secretExponent exponent: BigUInt) -> [UInt64] {
        let bits = exponent.bitWidth
        guard bits > 0 else { return one }
        let width = Self.windowWidth(forExponentBits: bits)
        let entries = 1 << width
        let windows = (bits + width - 1) / width
        let s = count
        var result = [UInt64](repeating: 0, count: s)
        withKernelArguments { n, n0, scratch in
            withUnsafeTemporaryAllocation(of: UInt64.self, capacity: (entries + 1) * s) { buffer in
                let table = buffer.baseAddress!
                let factor = table + entries * s
                one.withUnsafeBufferPointer { table.update(from: $0.baseAddress!, count: s) }
                base.withUnsafeBufferPointer { (table + s).update(from: $0.baseAddress!, count: s) }
                // Even powers by squaring (cheaper), odd ones by one more multiplication.
                for power in 2..<entries {
                    let entry = table + power * s
                    if power % 2 == 0 {
                        MontgomeryKernels.square(entry, table + power / 2 * s, modulus: n, inverse: n0, count: s, scratch: scratch)
                    } else {
                        MontgomeryKernels.multiply(entry, entry - s, table + s, modulus: n, inverse: n0, count: s, scratch: scratch)
                    }
                }
                result.withUnsafeMutableBufferPointer { accumulator in
                    let acc = accumulator.baseAddress!
                    let top = exponent.bits(at: (windows - 1) * width, count: width)
                    MontgomeryKernels.select(acc, from: table, entries: entries, index: top, count: s)
                    for window in stride(from: windows - 2, through: 0, by: -1) {
                        for _ in 0..<width {
                            MontgomeryKernels.square(acc, acc, modulus: n, inverse: n0, count: s, scratch: scratch)
                        }
                        let index = exponent.bits(at: window * width, count: width)
                        MontgomeryKernels.select(factor, from: table, entries: entries, index: index, count: s)
                        MontgomeryKernels.multiply(acc, acc, factor, modulus: n, inverse: n0, count: s, scratch: scratch)
                    }
                }
            }
        }
        return result
    }

    /// The window that minimises multiplications: `2^w - 2` to fill the table plus one per
    /// window. Five bits suit the 1024-bit CRT exponents of a 2048-bit key.
    private static func windowWidth(forExponentBits bits: Int) -> Int {
        switch bits {
        case ..<24: 1
        case ..<80: 3
        case ..<240: 4
        case ..<1800: 5
        default: 6
        }
    }

    // MARK: - Conversions and single operations

    /// `x·R mod n` as `count` limbs.
    ///
    /// A value of up to `2·count` limbs (a signature's representative against one prime of
    /// its key) is split as `high·R + low` and converted with three multiplications by `R²`,
    /// which take the same time for every value; longer ones are first reduced by division.
    func montgomeryForm(_ x: BigUInt) -> [UInt64] {
        let value = x.limbs.count > 2 * count ? x % modulus : x
        if value.limbs.count <= count {
            return multiply(Self.padded(value, to: count), rSquared)
        }
        let low = Self.padded(BigUInt(limbs: Array(value.limbs[..<count])), to: count)
        let high = Self.padded(BigUInt(limbs: Array(value.limbs[count...])), to: count)
        // low·R² ·R⁻¹ = low·R, and (high·R² ·R⁻¹)·R² ·R⁻¹ = high·R·R: together (low + high·R)·R.
        return add(multiply(low, rSquared), multiply(multiply(high, rSquared), rSquared))
    }

    /// The ordinary value of `x` given in Montgomery form: `x·R⁻¹ mod n`.
    func normalForm(_ x: [UInt64]) -> BigUInt {
        var unit = [UInt64](repeating: 0, count: count)
        unit[0] = 1
        return BigUInt(limbs: multiply(x, unit))
    }

    /// The Montgomery product `a·b·R⁻¹ mod n` of two `count`-limb values, `a` below `R` and `b` below `n`.
    func multiply(_ a: [UInt64], _ b: [UInt64]) -> [UInt64] {
        var result = [UInt64](repeating: 0, count: count)
        let s = count
        withKernelArguments { n, n0, scratch in
            a.withUnsafeBufferPointer { a in
                b.withUnsafeBufferPointer { b in
                    result.withUnsafeMutableBufferPointer { result in
                        MontgomeryKernels.multiply(
                            result.baseAddress!, a.baseAddress!, b.baseAddress!, modulus: n, inverse: n0, count: s, scratch: scratch
                        )
                    }
                }
            }
        }
        return result
    }

    /// `a - b mod n` for `count`-limb values below `n`, in either form.
    func subtract(_ a: [UInt64], _ b: [UInt64]) -> [UInt64] {
        var result = [UInt64](repeating: 0, count: count)
        let s = count
        limbs.withUnsafeBufferPointer { n in
            result.withUnsafeMutableBufferPointer { result in
                MontgomeryKernels.subtract(result.baseAddress!, a, b, modulus: n.baseAddress!, count: s)
            }
        }
        return result
    }

    /// `a + b mod n` for `count`-limb values below `n`, in either form.
    func add(_ a: [UInt64], _ b: [UInt64]) -> [UInt64] {
        var result = [UInt64](repeating: 0, count: count)
        let s = count
        withKernelArguments { n, _, scratch in
            result.withUnsafeMutableBufferPointer { result in
                MontgomeryKernels.add(result.baseAddress!, a, b, modulus: n, count: s, scratch: scratch)
            }
        }
        return result
    }

    // MARK: - Helpers

    /// Runs `body` with the modulus limbs, `-n⁻¹ mod 2^64` and scratch space for the kernels.
    private func withKernelArguments(
        _ body: (MontgomeryKernels.ConstantLimbs, UInt64, MontgomeryKernels.Limbs) -> Void
    ) {
        limbs.withUnsafeBufferPointer { n in
            withUnsafeTemporaryAllocation(of: UInt64.self, capacity: MontgomeryKernels.scratchCount(count)) { scratch in
                body(n.baseAddress!, inverse, scratch.baseAddress!)
            }
        }
    }

    /// `value`'s limbs zero-extended to `count`.
    static func padded(_ value: BigUInt, to count: Int) -> [UInt64] {
        value.limbs + [UInt64](repeating: 0, count: count - value.limbs.count)
    }
}

extension BigUInt {
    /// The `count`-bit field starting at bit `offset` (count at most 63), zero beyond the top.
    func bits(at offset: Int, count: Int) -> Int {
        let limb = offset / 64, shift = offset % 64
        guard limb < limbs.count else { return 0 }
        var value = limbs[limb] >> UInt64(shift)
        if shift + count > 64, limb + 1 < limbs.count {
            value |= limbs[limb + 1] << UInt64(64 - shift)
        }
        return Int(value & ((1 << UInt64(count)) - 1))
    }
}
