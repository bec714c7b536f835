/// The two concrete random sources: the operating system's CSPRNG, and a seeded,
/// reproducible generator for tests and replayable runs.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// The operating system's cryptographically secure generator.
///
/// On Linux this is `getentropy(3)`, glibc's wrapper around the `getrandom` system call,
/// which blocks only until the kernel pool is first seeded. Kernels without that call
/// fall back to reading `/dev/urandom`. There is no silent fallback to anything weaker:
/// if neither works the process stops, because handing out predictable session tokens
/// or keys would be worse than not running.
public struct SystemRandomSource: RandomSource {
    /// The system generator; it holds no state.
    public init() {}

    /// The system generator again: it holds no state to copy.
    public func copy() -> any RandomSource { self }

    /// Fills `buffer` from the kernel CSPRNG (stops the process if no entropy source works).
    public func fill(_ buffer: UnsafeMutableRawBufferPointer) {
        guard let base = buffer.baseAddress, buffer.count > 0 else { return }
        #if canImport(Glibc)
        var offset = 0
        while offset < buffer.count {
            // getentropy serves at most 256 bytes per call.
            let chunk = min(256, buffer.count - offset)
            if getentropy(base + offset, chunk) == 0 {
                offset += chunk
            } else if errno == EINTR {
                continue
            } else {
                Self.readURandom(into: UnsafeMutableRawBufferPointer(rebasing: buffer[offset...]))
                return
            }
        }
        #elseif canImport(Darwin)
        arc4random_buf(base, buffer.count)
        #else
        var generator = SystemRandomNumberGenerator()
        for index in 0..<buffer.count {
            base.storeBytes(of: UInt8.random(in: .min ... .max, using: &generator), toByteOffset: index, as: UInt8.self)
        }
        #endif
    }

    #if canImport(Glibc)
    private static func readURandom(into buffer: UnsafeMutableRawBufferPointer) {
        let descriptor = open("/dev/urandom", O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            fatalError("SystemRandomSource: no entropy source (getentropy and /dev/urandom both failed, errno \(errno))")
        }
        defer { close(descriptor) }
        var offset = 0
        while offset < buffer.count {
            let count = read(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
            if count > 0 {
                offset += count
            } else if count < 0 && errno == EINTR {
                continue
            } else {
                fatalError("SystemRandomSource: reading /dev/urandom failed (errno \(errno))")
            }
        }
    }
    #endif
}

/// A deterministic generator: the same seed yields the same bytes on every run and
/// platform. Not for secrets.
///
/// The algorithm is xoshiro256** (Blackman and Vigna), whose 256-bit state is expanded
/// from the 64-bit seed with SplitMix64, as its authors recommend; this keeps even
/// neighbouring seeds such as 1 and 2 uncorrelated.
///
/// `fill` writes each 64-bit output little-endian, eight bytes at a time; a request that
/// is not a multiple of eight uses the low bytes of one more output and drops the rest.
/// So the byte stream depends on how it is requested: `fill(3)` then `fill(5)` differs
/// from `fill(8)`. Reproducibility holds for the same sequence of calls.
///
/// Thread-safe: the state sits behind a `Mutex`, and each `fill` is atomic.
public final class SeededRandomSource: RandomSource {
    private struct Xoshiro256StarStar {
        var s0, s1, s2, s3: UInt64

        init(seed: UInt64) {
            var splitMix = seed
            func nextSplitMix() -> UInt64 {
                splitMix &+= 0x9E37_79B9_7F4A_7C15
                var z = splitMix
                z = (z ^ (z &>> 30)) &* 0xBF58_476D_1CE4_E5B9
                z = (z ^ (z &>> 27)) &* 0x94D0_49BB_1331_11EB
                return z ^ (z &>> 31)
            }
            s0 = nextSplitMix()
            s1 = nextSplitMix()
            s2 = nextSplitMix()
            s3 = nextSplitMix()
        }

        @inline(__always)
        static func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 {
            (x &<< k) | (x &>> (64 &- k))
        }

        mutating func next() -> UInt64 {
            let result = Self.rotl(s1 &* 5, 7) &* 9
            let t = s1 &<< 17
            s2 ^= s0
            s3 ^= s1
            s1 ^= s2
            s0 ^= s3
            s2 ^= t
            s3 = Self.rotl(s3, 45)
            return result
        }
    }

    private let state: Mutex<Xoshiro256StarStar>

    /// A generator whose whole output is determined by `seed`.
    public init(seed: UInt64) {
        state = Mutex(Xoshiro256StarStar(seed: seed))
    }

    private init(state: Xoshiro256StarStar) {
        self.state = Mutex(state)
    }

    /// Always: the seed decides every byte.
    public var isReproducible: Bool { true }

    /// A generator in this one's current state: from here on both yield the same bytes.
    public func copy() -> any RandomSource {
        SeededRandomSource(state: state.withLock { $0 })
    }

    /// Fills `buffer` with the next outputs, eight little-endian bytes per output.
    public func fill(_ buffer: UnsafeMutableRawBufferPointer) {
        guard buffer.count > 0 else { return }
        state.withLock { generator in
            var offset = 0
            while offset + 8 <= buffer.count {
                buffer.storeBytes(of: generator.next().littleEndian, toByteOffset: offset, as: UInt64.self)
                offset += 8
            }
            if offset < buffer.count {
                var last = generator.next()
                while offset < buffer.count {
                    buffer[offset] = UInt8(truncatingIfNeeded: last)
                    last >>= 8
                    offset += 1
                }
            }
        }
    }
}
