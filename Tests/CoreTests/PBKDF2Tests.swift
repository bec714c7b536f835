import Core
import Testing

/// RFC 7914 section 11: the PBKDF2-HMAC-SHA-256 test vectors.
struct PBKDF2Tests {
    @Test func rfc7914SingleIteration() {
        let key = PBKDF2.sha256(password: Array("passwd".utf8), salt: Array("salt".utf8), iterations: 1, keyLength: 64)
        #expect(Hex.encode(key) == "55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc"
            + "49ca9cccf179b645991664b39d77ef317c71b845b1e30bd509112041d3a19783")
    }

    /// 80,000 iterations: 160,000 HMACs over two output blocks.
    @Test func rfc7914EightyThousandIterations() {
        let key = PBKDF2.sha256(password: Array("Password".utf8), salt: Array("NaCl".utf8), iterations: 80_000, keyLength: 64)
        #expect(Hex.encode(key) == "4ddcd8f60b98be21830cee5ef22701f9641a4418d04c0414aeff08876b34ab56"
            + "a1d425a1225833549adb841b51c9b3176a272bdebba1d078478f62b397f33c8d")
    }

    @Test func shorterKeysArePrefixes() {
        let full = PBKDF2.sha256(password: "passwd", salt: "salt", iterations: 1, keyLength: 64)
        #expect(PBKDF2.sha256(password: "passwd", salt: "salt", iterations: 1, keyLength: 20) == Array(full.prefix(20)))
        #expect(PBKDF2.sha256(password: "passwd", salt: "salt", iterations: 1, keyLength: 33) == Array(full.prefix(33)))
        #expect(PBKDF2.sha256(password: "passwd", salt: "salt", iterations: 1, keyLength: 0) == [])
    }

    @Test func firstBlockIsHMACOfSaltAndIndex() {
        // With one iteration, T_1 = HMAC(P, S || 00 00 00 01).
        let derived = PBKDF2.sha256(password: "pw", salt: "NaCl", iterations: 1, keyLength: 32)
        #expect(derived == HMACSHA256.authenticate(Array("NaCl".utf8) + [0, 0, 0, 1], key: Array("pw".utf8)))
    }
}
