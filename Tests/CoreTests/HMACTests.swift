import Core
import Testing

/// RFC 4231 section 4: the HMAC-SHA-256 test cases 1 to 7.
struct HMACTests {
    private static func bytes(_ byte: UInt8, _ count: Int) -> [UInt8] {
        [UInt8](repeating: byte, count: count)
    }

    @Test func rfc4231Case1() {
        let tag = HMACSHA256.authenticate(Array("Hi There".utf8), key: Self.bytes(0x0b, 20))
        #expect(Hex.encode(tag) == "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7")
    }

    @Test func rfc4231Case2KeyShorterThanTag() {
        let tag = HMACSHA256.authenticate(Array("what do ya want for nothing?".utf8), key: Array("Jefe".utf8))
        #expect(Hex.encode(tag) == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
    }

    @Test func rfc4231Case3() {
        let tag = HMACSHA256.authenticate(Self.bytes(0xdd, 50), key: Self.bytes(0xaa, 20))
        #expect(Hex.encode(tag) == "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe")
    }

    @Test func rfc4231Case4() {
        let key = (1...25).map { UInt8($0) }
        let tag = HMACSHA256.authenticate(Self.bytes(0xcd, 50), key: key)
        #expect(Hex.encode(tag) == "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b")
    }

    @Test func rfc4231Case5TruncatedTo128Bits() {
        let tag = HMACSHA256.authenticate(Array("Test With Truncation".utf8), key: Self.bytes(0x0c, 20))
        #expect(Hex.encode(Array(tag.prefix(16))) == "a3b6167473100ee06e0c796c2955552b")
    }

    @Test func rfc4231Case6KeyLargerThanBlock() {
        let message = Array("Test Using Larger Than Block-Size Key - Hash Key First".utf8)
        let tag = HMACSHA256.authenticate(message, key: Self.bytes(0xaa, 131))
        #expect(Hex.encode(tag) == "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54")
    }

    @Test func rfc4231Case7KeyAndDataLargerThanBlock() {
        let message = Array(("This is a test using a larger than block-size key and a larger than block-size data. "
            + "The key needs to be hashed before being used by the HMAC algorithm.").utf8)
        let tag = HMACSHA256.authenticate(message, key: Self.bytes(0xaa, 131))
        #expect(Hex.encode(tag) == "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2")
    }

    @Test func precomputedKeyIsReusable() {
        let key = HMACSHA256Key(key: Array("Jefe".utf8))
        let first = key.authenticate(Array("what do ya want for nothing?".utf8))
        let second = key.authenticate("what do ya want for nothing?")
        #expect(first == second)
        #expect(Hex.encode(first) == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
        #expect(key.authenticate("other") == HMACSHA256.authenticate(Array("other".utf8), key: Array("Jefe".utf8)))
    }

    @Test func keyOfExactlyOneBlockIsUsedAsIs() {
        // 64-byte keys are neither hashed nor padded; compare against the definition.
        let key = (0..<64).map { UInt8($0) }
        let message = Array("block-sized key".utf8)
        var inner = SHA256()
        inner.update(key.map { $0 ^ 0x36 } + message)
        var outer = SHA256()
        outer.update(key.map { $0 ^ 0x5c } + inner.finalize())
        #expect(HMACSHA256.authenticate(message, key: key) == outer.finalize())
    }

    @Test func constantTimeEquals() {
        let tag = HMACSHA256.authenticate([1, 2, 3], key: [4, 5, 6])
        #expect(ConstantTime.equals(tag, tag))
        #expect(ConstantTime.equals([], []))
        var flippedLast = tag
        flippedLast[31] ^= 0x01
        #expect(!ConstantTime.equals(tag, flippedLast))
        var flippedFirst = tag
        flippedFirst[0] ^= 0x80
        #expect(!ConstantTime.equals(tag, flippedFirst))
        #expect(!ConstantTime.equals(tag, Array(tag.prefix(31))))
        #expect(!ConstantTime.equals([0], []))
    }
}
