@testable import Core
import Testing

/// SHA-256's two compression functions, the CPU's SHA instructions and the rounds in Swift,
/// each held to FIPS 180-4's known answers and to each other. The hasher picks one per
/// machine, so the known-answer tests in ``SHA256Tests`` only ever see that one.
struct SHA256CompressionTests {
    typealias Compress = (inout SHA256.State, UnsafeRawPointer, Int) -> Void

    /// The compression functions this CPU can run, by name.
    static var compressions: [(String, Compress)] {
        var found: [(String, Compress)] = [("portable", { SHA256.compressPortably(&$0, $1, blocks: $2) })]
        if SHA256.hasSHAExtensions {
            found.append(("SHA extensions", { SHA256.compressWithExtensions(&$0, $1, blocks: $2) }))
        }
        return found
    }

    /// FIPS 180-4's initial hash value.
    static let initial: SHA256.State = (0x6a09_e667, 0xbb67_ae85, 0x3c6e_f372, 0xa54f_f53a, 0x510e_527f, 0x9b05_688c, 0x1f83_d9ab, 0x5be0_cd19)

    static func words(_ state: SHA256.State) -> [UInt32] {
        [state.0, state.1, state.2, state.3, state.4, state.5, state.6, state.7]
    }

    /// The padded blocks of `message` (shorter than 2^32 bytes).
    static func padded(_ message: [UInt8]) -> [UInt8] {
        var bytes = message + [0x80]
        while bytes.count % 64 != 56 { bytes.append(0) }
        let bits = UInt64(message.count) * 8
        for shift in stride(from: 56, through: 0, by: -8) { bytes.append(UInt8(truncatingIfNeeded: bits >> UInt64(shift))) }
        return bytes
    }

    @Test func eachCompressionGivesFIPSKnownAnswers() {
        let answers: [(String, [UInt32])] = [
            ("abc", [0xba78_16bf, 0x8f01_cfea, 0x4141_40de, 0x5dae_2223, 0xb003_61a3, 0x9617_7a9c, 0xb410_ff61, 0xf200_15ad]),
            ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
             [0x248d_6a61, 0xd206_38b8, 0xe5c0_2693, 0x0c3e_6039, 0xa33c_e459, 0x64ff_2167, 0xf6ec_edd4, 0x19db_06c1]),
        ]
        for (name, compress) in Self.compressions {
            for (message, digest) in answers {
                var state = Self.initial
                let blocks = Self.padded(Array(message.utf8))
                blocks.withUnsafeBytes { compress(&state, $0.baseAddress!, blocks.count / 64) }
                #expect(Self.words(state) == digest, "\(name) on \"\(message)\"")
            }
        }
    }

    @Test func theCPUsInstructionsAgreeWithTheSwiftRounds() {
        // Nothing to compare on a CPU without them (the known answers above still run).
        guard SHA256.hasSHAExtensions else { return }
        let random = SeededRandomSource(seed: 7)
        for blockCount in [1, 2, 3, 16, 17] {
            for _ in 0..<20 {
                let bytes = random.bytes(64 * blockCount)
                let words = (0..<8).map { _ in UInt32(truncatingIfNeeded: random.nextUInt64()) }
                var start: SHA256.State = (words[0], words[1], words[2], words[3], words[4], words[5], words[6], words[7])
                var portable = start
                bytes.withUnsafeBytes {
                    SHA256.compressPortably(&portable, $0.baseAddress!, blocks: blockCount)
                    SHA256.compressWithExtensions(&start, $0.baseAddress!, blocks: blockCount)
                }
                #expect(Self.words(start) == Self.words(portable), "\(blockCount) blocks")
            }
        }
    }
}
