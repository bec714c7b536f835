import Core
import Testing

/// Known-answer tests for the IEEE CRC-32 that DynamoDB's `x-amz-crc32` header carries.
struct CRC32Tests {
    @Test func standardCheckValue() {
        #expect(CRC32.checksum("123456789") == 0xCBF4_3926)
        #expect(CRC32.checksum("123456789") == 3_421_780_262)
    }

    @Test func emptyInputIsZero() {
        #expect(CRC32.checksum([UInt8]()) == 0)
        #expect(CRC32.checksum("") == 0)
    }

    @Test func otherKnownValues() {
        // Values as zlib's crc32() gives them.
        #expect(CRC32.checksum("a") == 0xE8B7_BE43)
        #expect(CRC32.checksum("The quick brown fox jumps over the lazy dog") == 0x414F_A339)
        #expect(CRC32.checksum("{}") == 0xA3A6_BF43)
        #expect(CRC32.checksum([UInt8](repeating: 0, count: 32)) == 0x190A_55AD)
        #expect(CRC32.checksum([UInt8](repeating: 0xFF, count: 32)) == 0xFF6C_AB0B)
    }

    @Test func incrementalMatchesOneShot() {
        let text = Array("The quick brown fox jumps over the lazy dog".utf8)
        var register = CRC32.start
        for chunk in stride(from: 0, to: text.count, by: 7) {
            register = CRC32.update(register, with: text[chunk..<min(chunk + 7, text.count)])
        }
        #expect(CRC32.finish(register) == CRC32.checksum(text))
    }

    /// The eight-bytes-a-step path (contiguous bytes) agrees with the byte-at-a-time path
    /// (any other sequence) at every length and alignment of the tail.
    @Test func slicedPathMatchesBytewisePath() {
        var bytes: [UInt8] = []
        var state: UInt32 = 0x1234_5678
        for _ in 0..<200 {
            state = state &* 1_103_515_245 &+ 12345
            bytes.append(UInt8(truncatingIfNeeded: state >> 16))
        }
        for length in 0...bytes.count {
            let prefix = Array(bytes[..<length])
            #expect(CRC32.checksum(prefix) == CRC32.checksum(AnySequence(prefix)), "length \(length)")
        }
    }
}
