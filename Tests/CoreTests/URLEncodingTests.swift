import Core
import Testing

@Suite struct URLEncodingTests {
    @Test func encodesEverythingButUnreservedAsUpperCaseHex() {
        #expect(URLEncoding.encode("-._~AZaz09") == "-._~AZaz09")
        #expect(URLEncoding.encode("a b/c+d=e&ሴ") == "a%20b%2Fc%2Bd%3De%26%E1%88%B4")
        #expect(URLEncoding.encode("/a b/", keep: [UInt8(ascii: "/")]) == "/a%20b/")
    }

    @Test func keepsExactlyTheBytesAskedForInEveryRange() {
        // One byte from each quarter of the byte values, the map's four words.
        let keep: Set<UInt8> = [0x00, 0x3F, 0x40, 0x7F, 0x80, 0xBF, 0xC0, 0xFF]
        for byte in UInt8.min...UInt8.max {
            let encoded = URLEncoding.encode(bytes: [byte], keep: keep)
            let plain = keep.contains(byte) || URLEncoding.isUnreserved(byte)
            #expect(encoded == (plain ? String(decoding: [byte], as: UTF8.self) : "%" + String(byte, radix: 16, uppercase: true).leftPadded), "byte \(byte)")
        }
    }

    @Test func decodesEscapesAndOptionallyPlus() {
        #expect(URLEncoding.decode("a%20b+c%2f", plusAsSpace: false) == "a b+c/")
        #expect(URLEncoding.decode("a%20b+c", plusAsSpace: true) == "a b c")
        #expect(URLEncoding.decode("%E1%88%B4", plusAsSpace: false) == "ሴ")
    }

    @Test func leavesMalformedEscapesLiteral() {
        #expect(URLEncoding.decode("100%", plusAsSpace: false) == "100%")
        #expect(URLEncoding.decode("%zz%4", plusAsSpace: false) == "%zz%4")
    }

    @Test func parsesAndEncodesForms() {
        let pairs = URLEncoding.parseForm("Action=AssumeRole&RoleSessionName=a+b&Tags.member.1.Key=tenant%5Fid&empty")
        #expect(pairs.map(\.name) == ["Action", "RoleSessionName", "Tags.member.1.Key", "empty"])
        #expect(pairs.map(\.value) == ["AssumeRole", "a b", "tenant_id", ""])
        #expect(URLEncoding.formEncode([("Action", "GetCallerIdentity"), ("Note", "a b&c")]) == "Action=GetCallerIdentity&Note=a%20b%26c")
    }
}

private extension String {
    /// Two hex digits.
    var leftPadded: String { count == 1 ? "0" + self : self }
}
