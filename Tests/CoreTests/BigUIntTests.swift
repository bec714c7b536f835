import Core
import Testing

/// BigUInt arithmetic against values computed independently with Python's integers
/// (seeded `random.getrandbits`: a 700-bit `a`, a 330-bit `b`, a 512-bit odd modulus `m`).
struct BigUIntTests {
    private static func big(_ hex: String) -> BigUInt { BigUInt(hex: hex)! }

    static let a = big("cee14c1d194910ba222643e744ad6f805fe02883ec5c2e3bc322bd5635917d45926363fe6a11024de2ba9c8cf2ed1df8b64441c516b64aeddc012f8a7865584456d044bc1f49414fe4f526311d5d724d5baa978983b6369")
    static let b = big("39cba04a11726c3ac87a3baf3d7a1d8c4fedbfd22d65229e07da407e15d7ff35253775d096d0f0f15fa")
    static let m = big("fa6256853406b7ae3459e6e565eb2fc44f6e57a5afce6dfeb614aea5d5e0957e81f276f3c97816b5b7b9315aec717a40fbd66481f78a830fe6d0ef70fc4db29b")
    static let x = big("5daf072905ec9f85fcc0b7497b1317a0006a6bd38686ca225a76c1b1a7432d65ac9bfd2b637be33b22b9b0d044913985b14e93e71374d0da2a4beb2dd8be0864")
    static let exponent = big("324c90008b3237b9c071257d8366df32e30b4ea9838cce5783f5dc1decb1cf774477fb7496d46a1cfaa695b3fea4e7d52f751afff8052fe13ad4d072a3fbd5ef")

    @Test func addSubtractMultiply() {
        #expect(Self.a + Self.b == Self.big("cee14c1d194910ba222643e744ad6f805fe02883ec5c2e3bc322bd5635917d45926363fe6a11024de2ba9c8cf2ed57c4568e533782f1136817b06d0495f1a83216a2722141e7492a25733c091c929784d17b2e5a74a7963"))
        #expect(Self.a - Self.b == Self.big("cee14c1d194910ba222643e744ad6f805fe02883ec5c2e3bc322bd5635917d45926363fe6a11024de2ba9c8cf2ece42d15fa3052aa7b8273a051f2105ad9085696fe1756fcab3975a47710591e284d15e5da00b892c4d6f"))
        #expect(Self.a * Self.b == Self.big("2eb4b822807fefb90f94319508cd8c3f5b54fdde3c9f1ed5c6f09f27345ea635283f89fc48bd50900a7d494c5a0a7815b391b08a3bd5b8cfa717358d3c5ac7152ed69d7e90e39b4af7716ba56666f7acd8bd471ec2078b5a50d682e137948f3a35ab5506ff2d0eb027f49f498da4b1892f240767d3bdeec0e5db19cf44834db18a"))
        #expect(Self.a - Self.a == BigUInt(0))
        #expect((BigUInt(UInt64.max) + BigUInt(1)).description == "10000000000000000")
    }

    @Test func divisionWithRemainder() {
        let (quotient, remainder) = Self.a.quotientAndRemainder(dividingBy: Self.b)
        #expect(quotient == Self.big("3945bad9d322db34c8c3270eea646116a0d0a092b034b39144fb54d9d0d59907c42d8d8757bbb78e25a7901e6fea0"))
        #expect(remainder == Self.big("1d1e72efad9dea4ae0692887b9eb0c2649559361a5de1fd53fee829a8d39728a2d804a0b2907e639b29"))
        #expect(Self.b / Self.a == BigUInt(0))
        #expect(Self.b % Self.a == Self.b)
    }

    /// `q·d + r = n` with `r < d` for seeded operands of many shapes, including divisors whose top
    /// limb is small or all ones (where the quotient estimate needs its corrections).
    @Test func divisionIdentityHoldsForManyShapes() {
        let source = SeededRandomSource(seed: 11)
        var divisors = [BigUInt(hex: "ffffffffffffffffffffffffffffffff")!, BigUInt(hex: "1" + String(repeating: "0", count: 40))!]
        for bits in [64, 65, 127, 128, 190, 512, 1024] {
            divisors.append(BigUInt(bigEndian: source.bytes(bits / 8)) + BigUInt(1))
        }
        for divisor in divisors {
            for bytes in [8, 24, 64, 130, 256] {
                let dividend = BigUInt(bigEndian: source.bytes(bytes))
                let (quotient, remainder) = dividend.quotientAndRemainder(dividingBy: divisor)
                #expect(remainder < divisor)
                #expect(quotient * divisor + remainder == dividend)
            }
        }
    }

    @Test func shifts() {
        #expect(Self.a << 77 == Self.big("19dc2983a32922174444c87ce895adf00bfc05107d8b85c7786457aac6b22fa8b24c6c7fcd422049bc5753919e5da3bf16c88838a2d6c95dbb8025f14f0cab088ada089783e92829fc9ea4c623abae49ab7552f13076c6d20000000000000000000"))
        #expect(Self.a >> 77 == Self.big("6770a60e8ca4885d111321f3a256b7c02ff01441f62e171de1915eab1ac8bea2c931b1ff35088126f15d4e4679768efc5b2220e28b5b2576ee0097c53c32ac222b68225e0fa4a0a7f27a93188eae"))
        #expect(Self.a >> 700 == BigUInt(0))
        #expect((Self.a << 128) >> 128 == Self.a)
    }

    @Test func modularInverse() throws {
        let inverse = try #require(Self.x.inverse(modulo: Self.m))
        #expect(inverse == Self.big("c7c46b784e22c3d2c1c9bb84302427e138525d22ce355d914accc271b2c09cc334ac630f9c2e8bb93fd852f6d7e9f5870ec8b22147b20088cb99683060cf93c9"))
        #expect((inverse * Self.x) % Self.m == BigUInt(1))
        #expect(BigUInt(6).inverse(modulo: BigUInt(9)) == nil)
        #expect(BigUInt(3).inverse(modulo: BigUInt(7)) == BigUInt(5))
        #expect(BigUInt(12).greatestCommonDivisor(with: BigUInt(18)) == BigUInt(6))
    }

    @Test func bytesRoundTripAndPadding() {
        let bytes: [UInt8] = [0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09]
        let value = BigUInt(bigEndian: bytes)
        #expect(value.description == "10203040506070809")
        #expect(value.bigEndianBytes() == Array(bytes.dropFirst()))
        #expect(value.bigEndianBytes(count: 10) == bytes)
        #expect(value.bigEndianBytes(count: 8) == nil)
        #expect(BigUInt(0).bigEndianBytes().isEmpty)
        #expect(BigUInt(65537).bigEndianBytes() == [0x01, 0x00, 0x01])
        #expect(BigUInt(hex: "xyz") == nil)
        #expect(Self.a.bitWidth == 700 && Self.a.isOdd && !Self.b.isOdd && Self.b.bit(329) && !Self.b.bit(330))
    }

    @Test func comparison() {
        #expect(Self.b < Self.a)
        #expect(!(Self.a < Self.a))
        #expect(BigUInt(hex: "0000ff")! == BigUInt(255))
        #expect(BigUInt(hex: "1" + String(repeating: "0", count: 16))! > BigUInt(UInt64.max))
    }
}
