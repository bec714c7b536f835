import Core
import Testing

/// `ASCII.unicodeLowercased` is `String.lowercased()`, whatever the text.
@Suite struct ASCIILowercasingTests {
    @Test(arguments: [
        "", "dynamodb:query", "DynamoDB:Query", "aws:PrincipalTag/tenant_id", "AWS:SOURCEIP", "a-b_c/1:2",
        "Ünïcode:Key", "İstanbul", "ΣΊΣΥΦΟΣ", "MiXeD ß Straße", "\u{1F600}Emoji",
    ])
    func matchesStringLowercased(_ text: String) {
        #expect(ASCII.unicodeLowercased(text) == text.lowercased())
        #expect(Array(ASCII.unicodeLowercased(text).utf8) == Array(text.lowercased().utf8))
    }

    @Test(arguments: [
        ("", ""), ("Host", "host"), ("host", "host"), ("X-Amz-Date", "x-amz-date"), ("HOST", "Host"), ("Host", "hosts"),
        ("Hostx", "host"), ("Ünï", "Ünï"), ("Ünï", "ünï"), ("content-type", "content-typf"),
    ])
    func lowercasedEqualsIsComparingTheLowercasedCopy(text: String, lowercase: String) {
        #expect(ASCII.lowercased(text, equals: lowercase) == (ASCII.lowercased(text) == lowercase))
    }
}
