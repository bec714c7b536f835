/// Primality: trial division by small primes, Miller–Rabin, and random primes for RSA keys.

extension BigUInt {
    /// Whether the value is probably prime: trial division by the odd primes below 2^14, then
    /// `rounds` Miller–Rabin rounds with bases drawn from `source` (by default as many as
    /// ``millerRabinRounds(bitWidth:)`` says for the value's size).
    ///
    /// A composite passes with probability at most 4^-rounds, and far less for random
    /// candidates of RSA size; a prime always passes.
    public func isProbablePrime(using source: any RandomSource, rounds: Int? = nil) -> Bool {
        if limbs.count <= 1 {
            let value = limbs.first ?? 0
            if value < 2 { return false }
            if value < SmallPrimes.bound { return value == 2 || SmallPrimes.contains(value) }
        }
        guard isOdd, !hasSmallPrimeFactor() else { return false }
        return passesMillerRabin(rounds: rounds ?? Self.millerRabinRounds(bitWidth: bitWidth), using: source)
    }

    /// Miller–Rabin rounds for a random candidate of `bitWidth` bits: five for the 1024-bit
    /// primes of a 2048-bit key and four from 1536 bits, the counts FIPS 186-4 (Table C.3)
    /// gives for an error probability of 2^-100; 40 below 1024 bits, where the average-case
    /// bounds are weaker and rounds are cheap.
    public static func millerRabinRounds(bitWidth: Int) -> Int {
        switch bitWidth {
        case 1536...: 4
        case 1024...: 5
        default: 40
        }
    }

    /// Whether some odd prime below 2^14 divides the value (the value itself may be that prime).
    func hasSmallPrimeFactor() -> Bool {
        SmallPrimes.groups.contains { group in
            let residue = remainder(dividingBy: group.product)
            return SmallPrimes.primes[group.range].contains { residue % $0 == 0 }
        }
    }

    /// Miller–Rabin: with `self - 1 = 2^s · d`, a base `a` is a witness of compositeness unless
    /// `a^d ≡ 1` or `a^(d·2^i) ≡ -1` for some `i < s`. All the arithmetic stays in Montgomery
    /// form, where 1 and -1 have fixed representations to compare against.
    ///
    /// - Precondition: the value is odd and above 3.
    func passesMillerRabin(rounds: Int, using source: any RandomSource) -> Bool {
        precondition(isOdd && self > BigUInt(3), "Miller-Rabin needs an odd number above 3")
        let modulus = MontgomeryModulus(self)
        let minusOne = self - BigUInt(1)
        let twos = minusOne.trailingZeroBitCount
        let oddPart = minusOne >> twos
        let one = modulus.montgomeryForm(BigUInt(1))
        let negativeOne = modulus.montgomeryForm(minusOne)
        let highestBase = self - BigUInt(2)

        rounds: for _ in 0..<rounds {
            var base: BigUInt
            repeat {
                base = Self.random(bits: bitWidth, using: source)
            } while base < BigUInt(2) || base > highestBase
            var y = modulus.powerInMontgomeryForm(modulus.montgomeryForm(base), secretExponent: oddPart)
            if y == one || y == negativeOne { continue }
            for _ in 1..<max(twos, 1) {
                y = modulus.multiply(y, y)
                if y == negativeOne { continue rounds }
                if y == one { return false }
            }
            return false
        }
        return true
    }

    /// A uniformly random value below 2^`bits`, from `source`'s next `⌈bits/8⌉` bytes.
    static func random(bits: Int, using source: any RandomSource) -> BigUInt {
        let bytes = source.bytes((bits + 7) / 8)
        let value = BigUInt(bigEndian: bytes)
        let excess = bytes.count * 8 - bits
        return excess == 0 ? value : value % (BigUInt(1) << bits)
    }

    /// A random prime of exactly `bits` bits whose top two bits are set, so the product of
    /// two such primes has exactly `2·bits` bits, and with `p - 1` coprime to `publicExponent`,
    /// so that the exponent is invertible.
    ///
    /// Candidates come in runs: one random odd start, then the next odd numbers after it.
    /// A sieve strikes out, for the whole run at once, every candidate with a factor below
    /// 2^14 (about 88% of odd numbers), from one remainder per small prime; only the rest
    /// get Miller–Rabin. That favours primes after long gaps slightly, which is harmless
    /// here: the search still has about 2^1000 primes to land on.
    ///
    /// - Precondition: `bits >= 64` and `publicExponent` is odd.
    static func randomPrime(bits: Int, publicExponent: UInt64, using source: any RandomSource) -> BigUInt {
        precondition(bits >= 64, "RSA primes must have at least 64 bits")
        precondition(publicExponent & 1 == 1, "the public exponent must be odd")
        let runLength = 4096
        let rounds = millerRabinRounds(bitWidth: bits)
        while true {
            let topBits = (BigUInt(3) << (bits - 2))
            let start = random(bits: bits - 2, using: source) + topBits
            let first = start.isOdd ? start : start + BigUInt(1)
            let struckOut = SmallPrimes.sieve(from: first, length: runLength)
            for offset in 0..<runLength where !struckOut[offset] {
                let candidate = first + BigUInt(UInt64(2 * offset))
                guard candidate.bitWidth == bits else { break }
                // gcd(p - 1, e) = 1: with r = p mod e, p - 1 ≡ r - 1 (mod e).
                let residue = candidate.remainder(dividingBy: publicExponent)
                let pMinusOne = (residue &+ publicExponent &- 1) % publicExponent
                guard greatestCommonDivisor(pMinusOne, publicExponent) == 1 else { continue }
                if candidate.passesMillerRabin(rounds: rounds, using: source) { return candidate }
            }
        }
    }

    private static func greatestCommonDivisor(_ a: UInt64, _ b: UInt64) -> UInt64 {
        var (a, b) = (a, b)
        while b != 0 { (a, b) = (b, a % b) }
        return a
    }
}

/// The odd primes below 2^14, and products of runs of them that fit in a limb, so that one
/// pass of one-limb divisions over a big number yields its remainders by several primes.
enum SmallPrimes {
    /// Every prime listed is below this.
    static let bound: UInt64 = 1 << 14

    /// The odd primes below ``bound``, ascending.
    static let primes: [UInt64] = {
        var composite = [Bool](repeating: false, count: Int(bound))
        var primes: [UInt64] = []
        for candidate in 3..<Int(bound) where candidate % 2 == 1 && !composite[candidate] {
            primes.append(UInt64(candidate))
            for multiple in stride(from: candidate * candidate, to: Int(bound), by: 2 * candidate) {
                composite[multiple] = true
            }
        }
        return primes
    }()

    /// Consecutive runs of ``primes`` with the product of each run.
    static let groups: [(product: UInt64, range: Range<Int>)] = {
        var groups: [(product: UInt64, range: Range<Int>)] = []
        var start = 0
        var product: UInt64 = 1
        for (index, prime) in primes.enumerated() {
            let (next, overflow) = product.multipliedReportingOverflow(by: prime)
            if overflow {
                groups.append((product, start..<index))
                start = index
                product = prime
            } else {
                product = next
            }
        }
        groups.append((product, start..<primes.count))
        return groups
    }()

    /// Whether `value` (below ``bound``) is an odd prime.
    static func contains(_ value: UInt64) -> Bool {
        var low = 0, high = primes.count
        while low < high {
            let middle = (low + high) / 2
            if primes[middle] < value { low = middle + 1 } else { high = middle }
        }
        return low < primes.count && primes[low] == value
    }

    /// For the odd numbers `first + 2k`, `k` in `0..<length`, whether each has an odd prime
    /// factor below ``bound``.
    ///
    /// - Precondition: `first` is odd and above ``bound``.
    static func sieve(from first: BigUInt, length: Int) -> [Bool] {
        var struckOut = [Bool](repeating: false, count: length)
        for group in groups {
            let residue = first.remainder(dividingBy: group.product)
            for prime in primes[group.range] {
                // first + 2k ≡ 0 (mod prime) at k ≡ -(first mod prime) · 2⁻¹, and 2⁻¹ = (prime + 1) / 2.
                let negated = (prime - residue % prime) % prime
                var k = Int(negated * ((prime + 1) / 2) % prime)
                while k < length {
                    struckOut[k] = true
                    k += Int(prime)
                }
            }
        }
        return struckOut
    }
}
