import Core
import Testing

/// Splitting a compact JWT into its three segments on its bytes.
struct JWTSegmentsTests {
    /// RFC 7515 appendix A.1's example JWS (HS256).
    static let rfc7515 = "eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9"
        + ".eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ"
        + ".dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"

    @Test func splitsTheRFCExampleAndDecodesItsSegments() throws {
        let parts = try #require(JWTSegments(Self.rfc7515))
        #expect(String(decoding: Base64URL.decode(bytes: parts.header) ?? [], as: UTF8.self) == "{\"typ\":\"JWT\",\r\n \"alg\":\"HS256\"}")
        let payload = String(decoding: Base64URL.decode(bytes: parts.payload) ?? [], as: UTF8.self)
        #expect(payload == "{\"iss\":\"joe\",\r\n \"exp\":1300819380,\r\n \"http://example.com/is_root\":true}")
        #expect(Base64URL.decode(bytes: parts.signature)?.count == 32)
        #expect(String(decoding: parts.signingInput, as: UTF8.self) == Self.rfc7515.split(separator: ".").prefix(2).joined(separator: "."))
        // The RFC's HMAC key signs exactly the signing input.
        let key = try #require(Base64URL.decode("AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow"))
        #expect(HMACSHA256Key(key: key).authenticate(Array(parts.signingInput)) == Base64URL.decode(bytes: parts.signature))
    }

    @Test(arguments: [("a.b", 2), ("a.b.c.d", 4), ("abc", 1), ("", 1)])
    func refusesAnythingButThreeSegments(token: String, parts: Int) {
        #expect(JWTSegments(token) == nil)
        #expect(JWTSegments.partCount(token) == parts)
    }

    @Test func emptySegmentsStillCountAsSegments() throws {
        let parts = try #require(JWTSegments("a..c"))
        #expect(parts.payload.isEmpty)
        #expect(Array(parts.header) == Array("a".utf8) && Array(parts.signature) == Array("c".utf8))
        #expect(Array(parts.signingInput) == Array("a.".utf8))
    }
}
