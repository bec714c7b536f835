import Core
import Foundation
import Testing

/// The keys the suites below share: one generated from a seed, and RFC 7515's example key as
/// a second, unrelated one.
///
/// Generation takes tens of seconds of a core in a debug build. Done in a static initialiser
/// it held a thread of the shared pool the whole time, and every test touching the key held
/// another waiting for it: on two cores that stalled the whole suite, and the network tests
/// timed out. So it runs on a thread of its own, and tests await it.
enum RSATestKeys {
    private static let generation = Task { await onOwnThread { RSAPrivateKey.generate(using: SeededRandomSource(seed: 2048)) } }
    static var seeded: RSAPrivateKey { get async { await generation.value } }
    static let other = try! RSAKnownAnswerTests.RFC7515.key()
}

/// `work`'s result, computed on a new thread rather than on one of the shared pool's few.
func onOwnThread<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
    await withCheckedContinuation { continuation in
        let thread = Thread { continuation.resume(returning: work()) }
        thread.stackSize = 8 << 20
        thread.start()
    }
}

struct RSAKeyGenerationTests {
    /// The seed fixes the key on every run and platform: its thumbprint is recorded here, so a
    /// change to how keys are drawn from a source shows up as a failure, not as new keys.
    @Test func seedDeterminesTheKey() async {
        let key = await RSATestKeys.seeded
        #expect(key.publicKey.thumbprint == "IwYzg4C_wkajyB-ve4RFPnO3ILmatPUCsARY-oLAEP0")
        #expect(key.n.description.hasPrefix("e4d199589db81541de6967d862a41b53"))
    }

    @Test func keyHasTheRequiredShape() async {
        let key = await RSATestKeys.seeded
        let one = BigUInt(1)
        let source = SeededRandomSource(seed: 99)
        #expect(key.n.bitWidth == 2048)
        #expect(key.e == BigUInt(65537))
        #expect(key.p * key.q == key.n)
        #expect(key.p.bitWidth == 1024 && key.q.bitWidth == 1024)
        #expect(key.p.isProbablePrime(using: source) && key.q.isProbablePrime(using: source))
        let pMinusOne = key.p - one, qMinusOne = key.q - one
        let lambda = pMinusOne / pMinusOne.greatestCommonDivisor(with: qMinusOne) * qMinusOne
        #expect((key.e * key.d) % lambda == one)
        #expect(key.dP == key.d % pMinusOne && key.dQ == key.d % qMinusOne)
        #expect((key.q * key.qInv) % key.p == one)
        #expect(key.d.bitWidth > 1024)
    }

    @Test func signaturesRoundTrip() async throws {
        let key = await RSATestKeys.seeded
        for message in ["", "a", String(repeating: "token.", count: 100)] {
            let signature = try key.sign(Array(message.utf8))
            #expect(signature.count == 256)
            #expect(key.publicKey.verify(Array(message.utf8), signature: signature))
            #expect(try key.sign(Array(message.utf8)) == signature)
        }
    }

    @Test func publicJWKNamesTheKey() async throws {
        let publicKey = await RSATestKeys.seeded.publicKey
        let restored = try RSAPublicKey(jwkN: publicKey.jwkN, jwkE: publicKey.jwkE)
        #expect(restored == publicKey)
        #expect(publicKey.jwkE == "AQAB")
        #expect(publicKey.thumbprint.utf8.count == 43)
        #expect(publicKey.thumbprint != RSATestKeys.other.publicKey.thumbprint)
    }
}

/// Verification refuses everything but the exact signature of the exact message.
struct RSAVerificationTests {
    private let message = Array("eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ0ZW5hbnQtYWRtaW4ifQ".utf8)

    @Test func flippedBitsAreRefused() async throws {
        let key = await RSATestKeys.seeded
        let signature = try key.sign(message)
        for index in [0, 1, 127, 255] {
            var altered = signature
            altered[index] ^= 0x01
            #expect(!key.publicKey.verify(message, signature: altered))
        }
        var alteredMessage = message
        alteredMessage[10] ^= 0x20
        #expect(!key.publicKey.verify(alteredMessage, signature: signature))
    }

    @Test func wrongLengthsAreRefused() async throws {
        let key = await RSATestKeys.seeded
        let signature = try key.sign(message)
        #expect(!key.publicKey.verify(message, signature: Array(signature.dropLast())))
        #expect(!key.publicKey.verify(message, signature: Array(signature.dropFirst())))
        #expect(!key.publicKey.verify(message, signature: [0] + signature))
        #expect(!key.publicKey.verify(message, signature: []))
    }

    @Test func representativesOutsideTheModulusAreRefused() async {
        let key = await RSATestKeys.seeded
        let n = key.n.bigEndianBytes(count: 256)!
        #expect(!key.publicKey.verify(message, signature: n))
        #expect(!key.publicKey.verify(message, signature: [UInt8](repeating: 0xFF, count: 256)))
        #expect(!key.publicKey.verify(message, signature: [UInt8](repeating: 0, count: 256)))
        #expect(!key.publicKey.verify(message, signature: [UInt8](repeating: 0, count: 255) + [1]))
    }

    @Test func anotherKeysSignatureIsRefused() async throws {
        let key = await RSATestKeys.seeded
        let signature = try RSATestKeys.other.sign(message)
        #expect(!key.publicKey.verify(message, signature: signature))
        #expect(RSATestKeys.other.publicKey.verify(message, signature: signature))
    }
}
