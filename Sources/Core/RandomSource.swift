/// Randomness as an injectable dependency: the system CSPRNG in production, a seeded
/// generator in tests and in reproducible lab runs.

/// Something that fills buffers with random bytes.
///
/// Everything else (integers, ranges, elements, shuffles, UUIDs) is derived from `fill`
/// in extensions, so a deterministic source yields deterministic values of every kind.
public protocol RandomSource: Sendable {
    /// Overwrites every byte of `buffer` with random bytes.
    func fill(_ buffer: UnsafeMutableRawBufferPointer)

    /// A source that goes on from where this one stands, independently of it: a seeded
    /// generator hands out a generator in the same state (both then yield the same bytes, each
    /// on its own), a stateless source itself. Copying a backend copies its randomness this
    /// way, so the copy behaves exactly as the original would have.
    func copy() -> any RandomSource

    /// True when the bytes are determined in advance (a seeded generator): what it makes is
    /// reproducible and must not be treated as secret. Sources that can draw from a fixed,
    /// published series instead of a fresh secret (a user pool's signing key) ask this.
    var isReproducible: Bool { get }
}

extension RandomSource {
    /// Not reproducible unless a source says so.
    public var isReproducible: Bool { false }

    /// `count` random bytes.
    public func bytes(_ count: Int) -> [UInt8] {
        precondition(count >= 0, "byte count must not be negative")
        return [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            fill(UnsafeMutableRawBufferPointer(buffer))
            initialized = count
        }
    }

    /// A uniformly distributed 64-bit value (eight bytes, read little-endian so the value
    /// is the same on every platform).
    public func nextUInt64() -> UInt64 {
        var value: UInt64 = 0
        withUnsafeMutableBytes(of: &value) { fill($0) }
        return UInt64(littleEndian: value)
    }

    /// A uniformly distributed integer in `range`, without modulo bias.
    ///
    /// Uses Lemire's multiply-and-reject method: the high half of `random * span` is
    /// uniform once the rare low halves below `2^64 mod span` are rejected.
    ///
    /// - Precondition: `range` is not empty.
    public func int(in range: Range<Int>) -> Int {
        precondition(!range.isEmpty, "cannot pick from an empty range")
        // Wrapping subtraction gives the true width even for ranges wider than Int.max.
        let span = UInt64(UInt(bitPattern: range.upperBound &- range.lowerBound))
        var product = nextUInt64().multipliedFullWidth(by: span)
        if product.low < span {
            let threshold = (0 &- span) % span
            while product.low < threshold {
                product = nextUInt64().multipliedFullWidth(by: span)
            }
        }
        return range.lowerBound &+ Int(bitPattern: UInt(product.high))
    }

    /// A uniformly chosen element of `array`.
    ///
    /// - Precondition: `array` is not empty.
    public func element<T>(of array: [T]) -> T {
        precondition(!array.isEmpty, "cannot pick an element of an empty array")
        return array[int(in: 0..<array.count)]
    }

    /// An adapter for standard-library APIs that take a `RandomNumberGenerator`:
    /// `var g = source.generator; array.shuffled(using: &g)`.
    public var generator: RandomSourceGenerator {
        RandomSourceGenerator(source: self)
    }
}

/// A `RandomNumberGenerator` that draws from a ``RandomSource``.
///
/// It holds no state of its own, so copies draw from the same underlying source.
public struct RandomSourceGenerator: RandomNumberGenerator, Sendable {
    /// The source every `next()` reads from.
    public let source: any RandomSource

    /// A generator reading from `source`.
    public init(source: any RandomSource) {
        self.source = source
    }

    /// The source's next 64 bits.
    public mutating func next() -> UInt64 {
        source.nextUInt64()
    }
}

/// Random (version 4) UUIDs, RFC 9562 section 5.4.
public enum UUIDv4 {
    /// A lower-case UUID such as `1b4e28ba-2fa1-4d2e-883f-0016d3cca427`: 122 random bits,
    /// version nibble `4`, variant bits `10` (so the 17th hex digit is 8, 9, a or b).
    public static func make(using source: any RandomSource) -> String {
        var bytes = source.bytes(16)
        bytes[6] = (bytes[6] & 0x0F) | 0x40
        bytes[8] = (bytes[8] & 0x3F) | 0x80
        let hex = Array(Hex.encode(bytes).utf8)
        var text: [UInt8] = []
        text.reserveCapacity(36)
        for (index, digit) in hex.enumerated() {
            // Dashes after 4, 6, 8 and 10 bytes: 8-4-4-4-12 hex digits.
            if index == 8 || index == 12 || index == 16 || index == 20 {
                text.append(UInt8(ascii: "-"))
            }
            text.append(digit)
        }
        return String(decoding: text, as: UTF8.self)
    }
}
