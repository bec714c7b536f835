import Core
import Testing

/// Published RS256 / RSASSA-PKCS1-v1_5 SHA-256 examples, signed and verified byte for byte.
struct RSAKnownAnswerTests {
    /// RFC 7515 (JWS), Appendix A.2: "Example JWS Using RSASSA-PKCS1-v1_5 SHA-256", its JWK
    /// members and the signature over the JWS signing input.
    enum RFC7515 {
        static let n = "ofgWCuLjybRlzo0tZWJjNiuSfb4p4fAkd_wWJcyQoTbji9k0l8W26mPddxHmfHQp-Vaw-4qPCJrcS2mJPMEzP1Pt0Bm4d4QlL-yRT-SFd2lZS-pCgNMsD1W_YpRPEwOWvG6b32690r2jZ47soMZo9wGzjb_7OMg0LOL-bSf63kpaSHSXndS5z5rexMdbBYUsLA9e-KXBdQOS-UTo7WTBEMa2R2CapHg665xsmtdVMTBQY4uDZlxvb3qCo5ZwKh9kG4LT6_I5IhlJH7aGhyxXFvUK-DWNmoudF8NAco9_h9iaGNj8q2ethFkMLs91kzk2PAcDTW9gb54h4FRWyuXpoQ"
        static let e = "AQAB"
        static let d = "Eq5xpGnNCivDflJsRQBXHx1hdR1k6Ulwe2JZD50LpXyWPEAeP88vLNO97IjlA7_GQ5sLKMgvfTeXZx9SE-7YwVol2NXOoAJe46sui395IW_GO-pWJ1O0BkTGoVEn2bKVRUCgu-GjBVaYLU6f3l9kJfFNS3E0QbVdxzubSu3Mkqzjkn439X0M_V51gfpRLI9JYanrC4D4qAdGcopV_0ZHHzQlBjudU2QvXt4ehNYTCBr6XCLQUShb1juUO1ZdiYoFaFQT5Tw8bGUl_x_jTj3ccPDVZFD9pIuhLhBOneufuBiB4cS98l2SR_RQyGWSeWjnczT0QU91p1DhOVRuOopznQ"
        static let p = "4BzEEOtIpmVdVEZNCqS7baC4crd0pqnRH_5IB3jw3bcxGn6QLvnEtfdUdiYrqBdss1l58BQ3KhooKeQTa9AB0Hw_Py5PJdTJNPY8cQn7ouZ2KKDcmnPGBY5t7yLc1QlQ5xHdwW1VhvKn-nXqhJTBgIPgtldC-KDV5z-y2XDwGUc"
        static let q = "uQPEfgmVtjL0Uyyx88GZFF1fOunH3-7cepKmtH4pxhtCoHqpWmT8YAmZxaewHgHAjLYsp1ZSe7zFYHj7C6ul7TjeLQeZD_YwD66t62wDmpe_HlB-TnBA-njbglfIsRLtXlnDzQkv5dTltRJ11BKBBypeeF6689rjcJIDEz9RWdc"
        static let dp = "BwKfV3Akq5_MFZDFZCnW-wzl-CCo83WoZvnLQwCTeDv8uzluRSnm71I3QCLdhrqE2e9YkxvuxdBfpT_PI7Yz-FOKnu1R6HsJeDCjn12Sk3vmAktV2zb34MCdy7cpdTh_YVr7tss2u6vneTwrA86rZtu5Mbr1C1XsmvkxHQAdYo0"
        static let dq = "h_96-mK1R_7glhsum81dZxjTnYynPbZpHziZjeeHcXYsXaaMwkOlODsWa7I9xXDoRwbKgB719rrmI2oKr6N3Do9U0ajaHF-NKJnwgjMd2w9cjz3_-kyNlxAr2v4IKhGNpmM5iIgOS1VZnOZ68m6_pbLBSp3nssTdlqvd0tIiTHU"
        static let qi = "IYd7DHOhrWvxkwPQsRM2tOgrjbcrfvtQJipd-DlcxyVuuM9sQLdgjVk2oy26F0EmpScGLq2MowX7fhd_QJQ3ydy5cY7YIBi87w93IKLEdfnbJtoOPLUW0ITrJReOgo1cq9SbsxYawBgfp_gh6A5603k2-ZQwVK0JKSHuLFkuQ3U"
        static let signingInput = "eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ"
        static let signature = "cC4hiUPoj9Eetdgtv3hF80EGrhuB__dzERat0XF9g2VtQgr9PJbu3XOiZj5RZmh7AAuHIm4Bh-0Qc_lF5YKt_O8W2Fp5jujGbds9uJdbF9CUAr7t1dnZcAcQjbKBYNX4BAynRFdiuB--f_nZLgrnbyTyWzO75vRK5h6xBArLIARNPvkSjtQBMHlb1L07Qe7K0GarZRmB_eSN9383LcOLn6_dO--xi12jzDwusC-eOkHWEsqtFZESc6BfI7noOPqvhJ1phCnvWh6IeYI2w9QOYEUipUTI8np6LbgGY9Fs98rqVt5AXLIhWkWywlVmtVrBp0igcN_IoypGlUPQGe77Rw"

        static func integer(_ member: String) -> BigUInt { BigUInt(bigEndian: Base64URL.decode(member)!) }

        static func key() throws -> RSAPrivateKey {
            try RSAPrivateKey(
                n: integer(n), e: integer(e), d: integer(d), p: integer(p), q: integer(q),
                dP: integer(dp), dQ: integer(dq), qInv: integer(qi)
            )
        }
    }

    @Test func rfc7515SignatureIsReproduced() throws {
        let key = try RFC7515.key()
        let signature = try key.sign(Array(RFC7515.signingInput.utf8))
        #expect(Base64URL.encode(signature) == RFC7515.signature)
    }

    @Test func rfc7515SignatureVerifiesFromTheJWK() throws {
        let key = try RSAPublicKey(jwkN: RFC7515.n, jwkE: RFC7515.e)
        let signature = try #require(Base64URL.decode(RFC7515.signature))
        #expect(key.verify(Array(RFC7515.signingInput.utf8), signature: signature))
        #expect(key.jwkN == RFC7515.n && key.jwkE == RFC7515.e)
        let token = try #require(JWTSegments(RFC7515.signingInput + "." + RFC7515.signature))
        #expect(key.verify(token.signingInput, signature: signature))
    }

    /// Recovering p and q from (n, e, d) finds the RFC's primes and so its CRT parameters.
    @Test func primesAreRecoveredFromThePrivateExponent() throws {
        let recovered = try RSAPrivateKey(n: RFC7515.integer(RFC7515.n), e: RSAKnownAnswerTests.RFC7515.integer(RFC7515.e), d: RFC7515.integer(RFC7515.d))
        let expected = try RFC7515.key()
        #expect(Set([recovered.p, recovered.q]) == Set([expected.p, expected.q]))
        #expect(try recovered.sign(Array(RFC7515.signingInput.utf8)) == Base64URL.decode(RFC7515.signature))
    }

    /// NIST CAVP FIPS 186-3 vectors (186-3rsatestvectors.zip), file `SigGen15_186-3.txt`, the
    /// first SHA-256 case for the 2048-bit key. The file gives n, e and d only (e = 0x260445),
    /// so signing with CRT exercises key recovery too.
    @Test func nistSigGenSignatureIsReproduced() throws {
        let n = BigUInt(hex: "cea80475324c1dc8347827818da58bac069d3419c614a6ea1ac6a3b510dcd72cc516954905e9fef908d45e13006adf27d467a7d83c111d1a5df15ef293771aefb920032a5bb989f8e4f5e1b05093d3f130f984c07a772a3683f4dc6fb28a96815b32123ccdd13954f19d5b8b24a103e771a34c328755c65ed64e1924ffd04d30b2142cc262f6e0048fef6dbc652f21479ea1c4b1d66d28f4d46ef7185e390cbfa2e02380582f3188bb94ebbf05d31487a09aff01fcbb4cd4bfd1f0a833b38c11813c84360bb53c7d4481031c40bad8713bb6b835cb08098ed15ba31ee4ba728a8c8e10f7294e1b4163b7aee57277bfd881a6f9d43e02c6925aa3a043fb7fb78d")!
        let d = BigUInt(hex: "0997634c477c1a039d44c810b2aaa3c7862b0b88d3708272e1e15f66fc9389709f8a11f3ea6a5af7effa2d01c189c50f0d5bcbe3fa272e56cfc4a4e1d388a9dcd65df8628902556c8b6bb6a641709b5a35dd2622c73d4640bfa1359d0e76e1f219f8e33eb9bd0b59ec198eb2fccaae0346bd8b401e12e3c67cb629569c185a2e0f35a2f741644c1cca5ebb139d77a89a2953fc5e30048c0e619f07c8d21d1e56b8af07193d0fdf3f49cd49f2ef3138b5138862f1470bd2d16e34a2b9e7777a6c8c8d4cb94b4e8b5d616cd5393753e7b0f31cc7da559ba8e98d888914e334773baf498ad88d9631eb5fe32e53a4145bf0ba548bf2b0a50c63f67b14e398a34b0d")!
        let message = Hex.decode("c43011f3ee88c9c9adcac8bf37221afa31769d347dec705e53aca98993e74606591867ccd289ba1b4f19365f983e0c578346da76c5e2228a07e4fc9b3d4807163371a52b68b66873201dc7d6b56616ac2e4cb522120787df7f15a5e8763a54c179c635d65816bc19485de3eb35a52040591094fe0e6485a7e0c60e38e7c61551")!
        let signature = Hex.decode("aa3a4e12eb87596c711c9a22bcabcb9dadffcabcecbd16228889e9bb457d5d22571a72f034be4783384f43ce6fffc60534b8331cdd5d7c77f49180bfd194b5fd43a508c66d786c558876735894e6a9300952de792f747045e74d87fd50980230707a34a4df013ce050bbff0d6f570885c9c7bf8dc499132caee071b41d81ff91b8ce21aa2f282cbf52389f239afe1490890be21f9d808b3d70b97efd59c0b60e466088bb42714f212bc90db7e942ebcee60e7b107fff44fb3564ff07d6d02850215fd357d897c4d32bef8661689f2d84ff897637fb6d5568a7270e783426b74b7037493e5155fd7cb3ddddfd36bd8a9c877d71d2a966057c08263d2939c84987")!
        let key = try RSAPrivateKey(n: n, e: BigUInt(0x260445), d: d)
        #expect(try key.sign(message) == signature)
        #expect(key.publicKey.verify(message, signature: signature))
    }

    /// RFC 7638 section 3.1: the thumbprint of its example RSA key.
    @Test func rfc7638Thumbprint() throws {
        let key = try RSAPublicKey(
            jwkN: "0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw",
            jwkE: "AQAB"
        )
        #expect(key.thumbprint == "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs")
        #expect(key.jwk == ["kty": "RSA", "n": .string(key.jwkN), "e": "AQAB"])
    }

    /// Inconsistent components are refused when the key is made, not when it signs.
    @Test func inconsistentComponentsAreRefused() throws {
        let valid = try RFC7515.key()
        #expect(throws: RSAError.self) {
            try RSAPrivateKey(n: valid.n, e: valid.e, d: valid.d, p: valid.p, q: valid.q, dP: valid.dQ, dQ: valid.dQ, qInv: valid.qInv)
        }
        #expect(throws: RSAError.self) {
            try RSAPrivateKey(n: valid.n + BigUInt(2), e: valid.e, d: valid.d, p: valid.p, q: valid.q, dP: valid.dP, dQ: valid.dQ, qInv: valid.qInv)
        }
        #expect(throws: RSAError.self) { try RSAPrivateKey(n: valid.n, e: valid.e, d: valid.d + BigUInt(2)) }
        #expect(throws: RSAError.self) { try RSAPublicKey(n: BigUInt(hex: "c5")!, e: BigUInt(3)) }
        #expect(throws: RSAError.self) { try RSAPublicKey(n: valid.n, e: BigUInt(65536)) }
    }
}
