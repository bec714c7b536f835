@testable import Core
import Testing

/// Montgomery exponentiation against Python's `pow` and against plain square-and-multiply.
struct MontgomeryTests {
    /// `pow(x, exponent, m)` in Python, for BigUIntTests' 512-bit values.
    @Test func powerMatchesIndependentResult() {
        let modulus = MontgomeryModulus(BigUIntTests.m)
        let expected = BigUInt(hex: "dc92507b470436b218cac836d5188bbe1d24c9d3f8fe5597b118ebe62fb8e09c7f36c299e6290bb6523e8e21fc75b6c33cbef679dd11e41ef0e7487d9aef06f8")!
        #expect(modulus.power(BigUIntTests.x, secretExponent: BigUIntTests.exponent) == expected)
        #expect(modulus.power(BigUIntTests.x, publicExponent: BigUIntTests.exponent) == expected)
    }

    /// Both exponentiations agree with square-and-multiply on `%` for moduli of one to
    /// nine limbs, bases at or above the modulus, and exponents 0, 1 and random ones.
    @Test func powerMatchesSquareAndMultiply() {
        let source = SeededRandomSource(seed: 5)
        for limbs in 1...9 {
            var modulus = BigUInt(bigEndian: source.bytes(limbs * 8))
            if !modulus.isOdd { modulus += BigUInt(1) }
            guard modulus > BigUInt(1) else { continue }
            let montgomery = MontgomeryModulus(modulus)
            for exponentBytes in [0, 1, 3, 20, 70] {
                let exponent = exponentBytes == 1 ? BigUInt(1) : BigUInt(bigEndian: source.bytes(exponentBytes))
                let base = BigUInt(bigEndian: source.bytes(limbs * 8 + 3))
                let expected = Self.slowPower(base, exponent, modulus)
                #expect(montgomery.power(base, secretExponent: exponent) == expected)
                #expect(montgomery.power(base, publicExponent: exponent) == expected)
            }
        }
    }

    /// The value whose limbs are all ones is the largest input; it must not overflow a column.
    @Test func extremeOperands() {
        let modulus = BigUInt(hex: String(repeating: "f", count: 256))! - BigUInt(2)
        let montgomery = MontgomeryModulus(modulus)
        let base = modulus - BigUInt(1)
        #expect(montgomery.power(base, secretExponent: BigUInt(2)) == BigUInt(1))
        #expect(montgomery.power(base, secretExponent: BigUInt(3)) == base)
        #expect(montgomery.power(BigUInt(0), secretExponent: BigUInt(5)) == BigUInt(0))
    }

    private static func slowPower(_ base: BigUInt, _ exponent: BigUInt, _ modulus: BigUInt) -> BigUInt {
        var result = BigUInt(1) % modulus
        let reduced = base % modulus
        for bit in stride(from: exponent.bitWidth - 1, through: 0, by: -1) {
            result = result * result % modulus
            if exponent.bit(bit) { result = result * reduced % modulus }
        }
        return result
    }
}
