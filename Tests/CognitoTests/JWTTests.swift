import Cognito
import Core
import Testing

@Suite struct JWTTests {
    let key = HS256Key(keyId: "k1", secret: Array("0123456789abcdef0123456789abcdef".utf8))

    private func lookup(_ id: String) -> (any TokenSigningKey)? { id == "k1" ? key : nil }

    @Test func signsAndVerifies() throws {
        let token = JWT.sign(["sub": "u1", "token_use": "id"], with: key)
        #expect(token.split(separator: ".").count == 3)
        let claims = try JWT.verify(token, key: lookup)
        #expect(claims["sub"] == "u1")
    }

    @Test func rfc7515AppendixA1SignatureIsReproduced() throws {
        // RFC 7515 A.1: HS256 over the published signing input with the published key.
        let secret = try #require(Base64URL.decode("AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow"))
        let input = "eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ"
        let signature = HS256Key(keyId: "x", secret: secret).sign(Array(input.utf8))
        #expect(Base64URL.encode(signature) == "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk")
    }

    @Test func refusesAlgNone() throws {
        let token = JWT.sign(["sub": "u1"], with: key)
        let parts = token.split(separator: ".")
        let noneHeader = Base64URL.encode(Array(#"{"kid":"k1","alg":"none"}"#.utf8))
        #expect(throws: JWTError.algorithmMismatch(#"expected HS256, token says "none""#)) {
            try JWT.verify("\(noneHeader).\(parts[1]).", key: lookup)
        }
    }

    @Test func refusesAFlippedPayloadByte() throws {
        let token = JWT.sign(["sub": "u1", "custom:tenant_id": "A"], with: key)
        let parts = token.split(separator: ".").map(String.init)
        let forged = Base64URL.encode(Array(#"{"custom:tenant_id":"B","sub":"u1"}"#.utf8))
        #expect(throws: JWTError.badSignature) { try JWT.verify("\(parts[0]).\(forged).\(parts[2])", key: lookup) }
    }

    @Test func refusesUnknownKeysAndMalformedTokens() {
        let other = HS256Key(keyId: "k2", secret: Array("x".utf8))
        #expect(throws: JWTError.unknownKey("k2")) { try JWT.verify(JWT.sign(["a": 1], with: other), key: lookup) }
        #expect(throws: JWTError.malformed("a JWT has three dot-separated parts, this has 1")) { try JWT.verify("abc", key: lookup) }
    }
}
