@testable import Core
import Testing

struct PrimalityTests {
    private let source = SeededRandomSource(seed: 3)

    @Test func smallNumbers() {
        let primes: [UInt64] = [2, 3, 5, 7, 11, 13, 16381, 16411, 65537]
        let composites: [UInt64] = [0, 1, 4, 9, 15, 16383, 65535, 561, 41041]
        for prime in primes { #expect(BigUInt(prime).isProbablePrime(using: source), "\(prime)") }
        for composite in composites { #expect(!BigUInt(composite).isProbablePrime(using: source), "\(composite)") }
    }

    /// Mersenne primes 2^127 - 1 and 2^521 - 1 pass; the neighbours 2^128 - 1 and 2^521 - 3 do not.
    @Test func largePrimesAndComposites() {
        let one = BigUInt(1)
        #expect(((one << 127) - one).isProbablePrime(using: source))
        #expect(((one << 521) - one).isProbablePrime(using: source))
        #expect(!((one << 128) - one).isProbablePrime(using: source))
        #expect(!((one << 521) - BigUInt(3)).isProbablePrime(using: source))
    }

    /// Numbers with no small factor that fool weaker tests: 3215031751 is a strong pseudoprime to
    /// bases 2, 3, 5 and 7; a product of two 64-bit primes has no factor below 2^14.
    @Test func pseudoprimesAreCaught() {
        #expect(!BigUInt(3_215_031_751).isProbablePrime(using: source))
        let p = BigUInt(18_446_744_073_709_551_557)  // the largest prime below 2^64
        let q = BigUInt(18_446_744_073_709_551_533)
        #expect(p.isProbablePrime(using: source) && q.isProbablePrime(using: source))
        #expect(!(p * q).isProbablePrime(using: source))
    }

    @Test func randomPrimeHasTheRequestedShape() {
        let prime = BigUInt.randomPrime(bits: 256, publicExponent: 65537, using: source)
        #expect(prime.bitWidth == 256 && prime.bit(254))
        #expect(prime.isProbablePrime(using: source, rounds: 20))
        #expect(prime.quotientAndRemainder(dividingBy: UInt64(65537)).remainder != 1)
    }
}
