@testable import Cognito
import Core
import Testing

/// JWT verification remembers decoded tokens, but only genuine ones, and never lets the memory
/// decide: a remembered token is checked against its key again on every use.
@Suite struct DecodedTokensTests {
    let key = HS256Key(keyId: "memo-k1", secret: Array("0123456789abcdef0123456789abcdef".utf8))

    @Test func onlyTokensWhoseSignatureHeldAreRemembered() throws {
        let lookup: (String) -> (any TokenSigningKey)? = { $0 == "memo-k1" ? key : nil }
        let genuine = JWT.sign(["sub": "memo-genuine"], with: key)
        let parts = genuine.split(separator: ".").map(String.init)
        let forged = "\(parts[0]).\(Base64URL.encode(Array(#"{"sub":"memo-forged"}"#.utf8))).\(parts[2])"

        #expect(throws: JWTError.badSignature) { try JWT.verify(forged, key: lookup) }
        #expect(DecodedTokens.shared.decoded(forged) == nil)
        _ = try JWT.unverifiedClaims(forged)
        #expect(DecodedTokens.shared.decoded(forged) == nil)

        #expect(try JWT.verify(genuine, key: lookup)["sub"] == "memo-genuine")
        #expect(DecodedTokens.shared.decoded(genuine)?.claims["sub"] == "memo-genuine")
    }

    @Test func aRememberedTokenIsStillCheckedAgainstItsKey() throws {
        let genuine = JWT.sign(["sub": "memo-rotated"], with: key)
        _ = try JWT.verify(genuine, key: { $0 == "memo-k1" ? key : nil })
        // The key is gone (a pool deleted, a key rotated), or another stands under its id.
        #expect(throws: JWTError.unknownKey("memo-k1")) { try JWT.verify(genuine, key: { _ in nil }) }
        let impostor = HS256Key(keyId: "memo-k1", secret: Array("another secret, thirty-two bytes".utf8))
        #expect(throws: JWTError.badSignature) { try JWT.verify(genuine, key: { _ in impostor }) }
    }
}
