import Core
import Testing

/// RFC 4648 section 10 test vectors, plus the strictness rules of each decoder.
struct EncodingTests {
    static let rfc4648: [(String, String)] = [
        ("", ""), ("f", "Zg=="), ("fo", "Zm8="), ("foo", "Zm9v"),
        ("foob", "Zm9vYg=="), ("fooba", "Zm9vYmE="), ("foobar", "Zm9vYmFy"),
    ]

    @Test func base64RFC4648Vectors() {
        for (plain, encoded) in Self.rfc4648 {
            #expect(Base64.encode(Array(plain.utf8)) == encoded)
            #expect(Base64.decode(encoded) == Array(plain.utf8))
        }
    }

    @Test func base64UsesPlusAndSlash() {
        #expect(Base64.encode([0xfb, 0xff, 0xbf]) == "+/+/")
        #expect(Base64.encode([0xfb, 0xff]) == "+/8=")
        #expect(Base64.decode("+/8=") == [0xfb, 0xff])
    }

    @Test(arguments: [
        "Zg", "Zg=", "Zg===", "Zm9v=", "Z", "====", "Zm 9v", "Zm9v\n", "-_8=", "Zg==Zg==", "Zm=v", "Zh==", "Zm9=",
    ])
    func base64RejectsMalformed(text: String) {
        // Missing or partial padding, padding in the middle, whitespace, URL alphabet, and
        // non-zero leftover bits ("Zh==" would be a second spelling of "f").
        #expect(Base64.decode(text) == nil)
    }

    @Test func base64URLRFC4648Vectors() {
        for (plain, encoded) in Self.rfc4648 {
            let unpadded = String(encoded.filter { $0 != "=" })
            #expect(Base64URL.encode(Array(plain.utf8)) == unpadded)
            #expect(Base64URL.decode(unpadded) == Array(plain.utf8))
            #expect(Base64URL.decode(encoded) == Array(plain.utf8))
        }
        #expect(Base64URL.encode([0xfb, 0xff, 0xbf]) == "-_-_")
        #expect(Base64URL.encode([0xfb, 0xff]) == "-_8")
        #expect(Base64URL.decode("-_8") == [0xfb, 0xff])
        #expect(Base64URL.decode("-_8=") == [0xfb, 0xff])
    }

    @Test(arguments: ["+/8=", "Zg=", "Zg===", "Z", "Zm9v=", "Zh", "Zg==Zg"])
    func base64URLRejectsMalformed(text: String) {
        #expect(Base64URL.decode(text) == nil)
    }

    @Test func roundTripsEveryLengthAndByte() {
        let bytes = (0..<300).map { UInt8(truncatingIfNeeded: $0 &* 167 &+ 13) }
        for length in 0...bytes.count {
            let slice = Array(bytes.prefix(length))
            #expect(Base64.decode(Base64.encode(slice)) == slice)
            #expect(Base64URL.decode(Base64URL.encode(slice)) == slice)
            #expect(Hex.decode(Hex.encode(slice)) == slice)
        }
    }

    @Test func hexEncodesLowercase() {
        #expect(Hex.encode(Array("foobar".utf8)) == "666f6f626172")
        #expect(Hex.encode([0x00, 0x0f, 0xf0, 0xff, 0xab]) == "000ff0ffab")
        #expect(Hex.encode([]) == "")
    }

    @Test func hexDecodesEitherCase() {
        #expect(Hex.decode("666F6F626172") == Array("foobar".utf8))
        #expect(Hex.decode("deadBEEF") == [0xde, 0xad, 0xbe, 0xef])
        #expect(Hex.decode("") == [])
    }

    @Test(arguments: ["abc", "0g", "zz", " 00", "00 ", "0x00", "é0"])
    func hexRejectsMalformed(text: String) {
        #expect(Hex.decode(text) == nil)
    }
}
