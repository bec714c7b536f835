/// Unsigned integers of any size, for RSA: keys, signatures and the arithmetic between them.

/// A non-negative integer held as 64-bit limbs, least significant first.
///
/// The value type is for the set-up work (parsing, key generation, CRT parameters) and keeps
/// its limbs normalised: no zero limbs at the top, so zero has none and equal values have
/// equal arrays. The hot loops (``MontgomeryModulus``) work on fixed-width limb buffers of
/// their own instead of on this type, so normalising costs nothing where speed matters.
public struct BigUInt: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Little-endian limbs without high zero limbs.
    var limbs: [UInt64]

    /// The value whose limbs are `limbs` (least significant first); high zero limbs are dropped.
    init(limbs: [UInt64]) {
        self.limbs = limbs
        normalize()
    }

    /// The value `value`.
    public init(_ value: UInt64) {
        limbs = value == 0 ? [] : [value]
    }

    /// The integer the bytes spell in big-endian order (RFC 8017's OS2IP); leading zero bytes
    /// are allowed and the empty array is zero.
    public init(bigEndian bytes: [UInt8]) {
        var limbs = [UInt64](repeating: 0, count: (bytes.count + 7) / 8)
        for (offset, byte) in bytes.reversed().enumerated() {
            limbs[offset / 8] |= UInt64(byte) << UInt64((offset % 8) * 8)
        }
        self.init(limbs: limbs)
    }

    /// The value of a hex string (either case, no prefix, any length); nil for anything else.
    public init?(hex text: String) {
        let digits = Array(text.utf8)
        guard !digits.isEmpty else { return nil }
        var limbs = [UInt64](repeating: 0, count: (digits.count + 15) / 16)
        for (offset, digit) in digits.reversed().enumerated() {
            guard let value = ASCII.hexValue(digit) else { return nil }
            limbs[offset / 16] |= UInt64(value) << UInt64((offset % 16) * 4)
        }
        self.init(limbs: limbs)
    }

    /// The shortest big-endian byte string for the value: no leading zero byte, and no bytes at
    /// all for zero. This is the form JWK members such as `n` and `e` take (RFC 7518 section 6.3).
    public func bigEndianBytes() -> [UInt8] {
        bigEndianBytes(count: (bitWidth + 7) / 8)!
    }

    /// The value as exactly `count` big-endian bytes, zero-padded on the left (RFC 8017's
    /// I2OSP), or nil when it needs more than `count` bytes.
    public func bigEndianBytes(count: Int) -> [UInt8]? {
        guard (bitWidth + 7) / 8 <= count else { return nil }
        return [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            for index in 0..<count {
                let offset = count - 1 - index
                let limb = offset / 8 < limbs.count ? limbs[offset / 8] : 0
                buffer[index] = UInt8(truncatingIfNeeded: limb >> UInt64((offset % 8) * 8))
            }
            initialized = count
        }
    }

    /// Whether the value is zero.
    public var isZero: Bool { limbs.isEmpty }

    /// Whether the value is odd.
    public var isOdd: Bool { (limbs.first ?? 0) & 1 == 1 }

    /// The number of significant bits: 0 for zero, 2048 for a 2048-bit modulus.
    public var bitWidth: Int {
        guard let top = limbs.last else { return 0 }
        return limbs.count * 64 - top.leadingZeroBitCount
    }

    /// Whether bit `index` (0 is the least significant) is set.
    public func bit(_ index: Int) -> Bool {
        let limb = index / 64
        return limb < limbs.count && (limbs[limb] >> UInt64(index % 64)) & 1 == 1
    }

    /// Lower-case hex without leading zeros ("0" for zero), for tests and diagnostics.
    public var description: String {
        guard !isZero else { return "0" }
        let hex = Hex.encode(bigEndianBytes())
        return hex.hasPrefix("0") ? String(hex.dropFirst()) : hex
    }

    public static func < (lhs: BigUInt, rhs: BigUInt) -> Bool {
        compare(lhs.limbs[...], rhs.limbs[...]) < 0
    }

    /// -1, 0 or 1 as `lhs` is below, equal to or above `rhs`; both are normalised limb runs.
    static func compare(_ lhs: ArraySlice<UInt64>, _ rhs: ArraySlice<UInt64>) -> Int {
        if lhs.count != rhs.count { return lhs.count < rhs.count ? -1 : 1 }
        for (left, right) in zip(lhs.reversed(), rhs.reversed()) where left != right {
            return left < right ? -1 : 1
        }
        return 0
    }

    /// Drops high zero limbs, restoring the representation invariant.
    mutating func normalize() {
        while limbs.last == 0 { limbs.removeLast() }
    }
}
