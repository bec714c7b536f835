/// The inner loops of Montgomery arithmetic, on raw limb buffers.
///
/// RSA spends nearly all its time here: a 2048-bit signature is about 2,500 Montgomery
/// products of 1024-bit numbers. The loops use unsafe pointers (no bounds checks, no
/// retain/release), wrapping arithmetic (no overflow traps that can never fire) and `UInt128`
/// for each limb product, which compiles to one `mul`. Every buffer is the caller's, so
/// nothing here allocates.

/// Montgomery multiplication and squaring modulo an odd `n` of `count` limbs, with
/// `R = 2^(64·count)`: each returns its operands' product times `R⁻¹ mod n`.
///
/// Inputs must be below `n`; results are fully reduced (below `n`) and may overwrite an input.
/// The running time depends only on `count`: the final subtraction is done and then kept or
/// discarded by a mask, never by a branch on the value.
enum MontgomeryKernels {
    typealias Limbs = UnsafeMutablePointer<UInt64>
    typealias ConstantLimbs = UnsafePointer<UInt64>

    /// Limbs of scratch space the kernels need for a modulus of `count` limbs.
    static func scratchCount(_ count: Int) -> Int { 2 * count + 2 }

    /// `result = a · b · R⁻¹ mod n`.
    ///
    /// Finely integrated product scanning (FIPS, Koç, Acar and Kaliski 1996): the result is
    /// built a column at a time, each column the sum of the products `a[j]·b[i-j]` and
    /// `m[j]·n[i-j]` that land on it, added into a three-limb accumulator. The quotient limbs
    /// `m` are chosen in the low columns so those columns come out zero, and the high columns
    /// are the result. Adding a product to an accumulator is `mul`, `add`, `adc`, `adc` with no
    /// carry to wait for from the previous product, which beats row-by-row (operand scanning)
    /// forms, whose every step waits for the last one's carry.
    static func multiply(
        _ result: Limbs, _ a: ConstantLimbs, _ b: ConstantLimbs,
        modulus n: ConstantLimbs, inverse n0: UInt64, count s: Int, scratch: Limbs
    ) {
        let m = scratch, high = scratch + s
        var column = Accumulator()
        var i = 0
        while i < s {
            var j = 0
            while j < i {
                column.add(a[j], times: b[i &- j])
                column.add(m[j], times: n[i &- j])
                j &+= 1
            }
            column.add(a[i], times: b[0])
            clearLowLimb(&column, quotient: &m[i], modulus: n, inverse: n0)
            i &+= 1
        }
        while i < 2 &* s {
            var j = i &- s &+ 1
            while j < s {
                column.add(a[j], times: b[i &- j])
                column.add(m[j], times: n[i &- j])
                j &+= 1
            }
            high[i &- s] = column.shiftOutLowLimb()
            i &+= 1
        }
        reduceOnce(result, high, top: column.shiftOutLowLimb(), modulus: n, count: s)
    }

    /// `result = a² · R⁻¹ mod n`, about a quarter cheaper than `multiply(a, a)`: in each
    /// column the products `a[j]·a[i-j]` come in equal pairs, so each pair is computed once
    /// into a second accumulator that is doubled before it joins the column.
    static func square(
        _ result: Limbs, _ a: ConstantLimbs,
        modulus n: ConstantLimbs, inverse n0: UInt64, count s: Int, scratch: Limbs
    ) {
        let m = scratch, high = scratch + s
        var column = Accumulator()
        var i = 0
        while i < 2 &* s {
            let first = i < s ? 0 : i &- s &+ 1
            var pairs = Accumulator()
            var j = first
            while j &* 2 < i {
                pairs.add(a[j], times: a[i &- j])
                j &+= 1
            }
            pairs.double()
            column.add(pairs)
            if i & 1 == 0 { column.add(a[i &>> 1], times: a[i &>> 1]) }
            j = first
            let last = i < s ? i : s
            while j < last {
                column.add(m[j], times: n[i &- j])
                j &+= 1
            }
            if i < s {
                clearLowLimb(&column, quotient: &m[i], modulus: n, inverse: n0)
            } else {
                high[i &- s] = column.shiftOutLowLimb()
            }
            i &+= 1
        }
        reduceOnce(result, high, top: column.shiftOutLowLimb(), modulus: n, count: s)
    }

    /// Picks the quotient limb that makes the column's low limb zero, adds its product with
    /// `n[0]`, and moves on to the next column.
    @inline(__always)
    private static func clearLowLimb(
        _ column: inout Accumulator, quotient: inout UInt64, modulus n: ConstantLimbs, inverse n0: UInt64
    ) {
        quotient = column.lowLimb &* n0
        column.add(quotient, times: n[0])
        _ = column.shiftOutLowLimb()
    }

    /// `result = value mod n` for `value = value[0..<count] + top · R` below `2n`, by subtracting
    /// `n` and keeping the difference unless it went negative, chosen by a mask. `result` must
    /// not overlap `value`.
    static func reduceOnce(_ result: Limbs, _ value: ConstantLimbs, top: UInt64, modulus n: ConstantLimbs, count s: Int) {
        let borrow = subtractLimbs(result, value, n, count: s)
        // value - n < 0 exactly when top - borrow < 0 (top and borrow are each 0 or 1).
        let keepValue = 0 &- ((top &- borrow) >> 63)
        var j = 0
        while j < s {
            result[j] = (value[j] & keepValue) | (result[j] & ~keepValue)
            j &+= 1
        }
    }

    /// `result = a - b mod n` for `a, b` below `n`: the difference, plus `n` under a mask when
    /// it borrowed.
    static func subtract(_ result: Limbs, _ a: ConstantLimbs, _ b: ConstantLimbs, modulus n: ConstantLimbs, count s: Int) {
        let addModulus = 0 &- subtractLimbs(result, a, b, count: s)
        var carry: UInt64 = 0
        var j = 0
        while j < s {
            let sum = UInt128(result[j]) &+ UInt128(n[j] & addModulus) &+ UInt128(carry)
            result[j] = UInt64(truncatingIfNeeded: sum)
            carry = UInt64(truncatingIfNeeded: sum >> 64)
            j &+= 1
        }
    }

    /// `result = a - b` over `count` limbs (wrapping), returning the final borrow (0 or 1).
    @inline(__always)
    private static func subtractLimbs(_ result: Limbs, _ a: ConstantLimbs, _ b: ConstantLimbs, count s: Int) -> UInt64 {
        var borrow: UInt64 = 0
        var j = 0
        while j < s {
            let difference = UInt128(a[j]) &- UInt128(b[j]) &- UInt128(borrow)
            result[j] = UInt64(truncatingIfNeeded: difference)
            borrow = UInt64(truncatingIfNeeded: difference >> 127)
            j &+= 1
        }
        return borrow
    }

    /// `result = a + b mod n` for `a, b` below `n`; the sum goes through `scratch` (`count`
    /// limbs) because the reduction reads it after writing `result`.
    static func add(
        _ result: Limbs, _ a: ConstantLimbs, _ b: ConstantLimbs, modulus n: ConstantLimbs, count s: Int, scratch sum: Limbs
    ) {
        var carry: UInt64 = 0
        var j = 0
        while j < s {
            let total = UInt128(a[j]) &+ UInt128(b[j]) &+ UInt128(carry)
            sum[j] = UInt64(truncatingIfNeeded: total)
            carry = UInt64(truncatingIfNeeded: total >> 64)
            j &+= 1
        }
        reduceOnce(result, sum, top: carry, modulus: n, count: s)
    }

    /// Copies entry `index` of a table of `entries` values of `count` limbs into `result`,
    /// reading every entry, so which one was wanted leaves no trace in the cache.
    static func select(
        _ result: Limbs, from table: ConstantLimbs, entries: Int, index: Int, count s: Int
    ) {
        result.update(repeating: 0, count: s)
        var entry = 0
        while entry < entries {
            // All ones when entry == index, else zero: (entry ^ index) - 1 is negative only
            // then, and the arithmetic shift spreads its sign bit.
            let mask = UInt64(truncatingIfNeeded: ((entry ^ index) &- 1) >> 63)
            let row = table + entry &* s
            var j = 0
            while j < s {
                result[j] |= row[j] & mask
                j &+= 1
            }
            entry &+= 1
        }
    }
}

/// A column sum of limb products: `low + top · 2^128`. A column of a `count`-limb product
/// holds at most `2·count` products below 2^128 each, so `top` stays small.
///
/// `UInt128` arithmetic matters here: its additions lower to straight `add`/`adc` chains,
/// where the same sums spelt with `addingReportingOverflow` on `UInt64` halves can come
/// out as branches on the carry, which are slower (mispredicted) and leak timing.
private struct Accumulator {
    var low: UInt128 = 0
    var top: UInt64 = 0

    var lowLimb: UInt64 { UInt64(truncatingIfNeeded: low) }

    /// Adds `x · y`.
    @inline(__always)
    mutating func add(_ x: UInt64, times y: UInt64) {
        let (sum, overflow) = low.addingReportingOverflow(UInt128(x) &* UInt128(y))
        low = sum
        top &+= overflow ? 1 : 0
    }

    /// Adds another column sum.
    @inline(__always)
    mutating func add(_ other: Accumulator) {
        let (sum, overflow) = low.addingReportingOverflow(other.low)
        low = sum
        top &+= other.top &+ (overflow ? 1 : 0)
    }

    /// Doubles the sum (shifts it left by one bit).
    @inline(__always)
    mutating func double() {
        top = top << 1 | UInt64(truncatingIfNeeded: low >> 127)
        low <<= 1
    }

    /// Returns the low limb and divides the sum by 2^64: the carry into the next column.
    @inline(__always)
    mutating func shiftOutLowLimb() -> UInt64 {
        let limb = lowLimb
        low = low >> 64 | UInt128(top) << 64
        top = 0
        return limb
    }
}
