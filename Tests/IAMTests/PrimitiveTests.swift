import Core
@testable import IAM
import Testing

/// Wildcards, typed value parsing and variable templates, below the evaluator.
@Suite struct PrimitiveTests {
    @Test("wildcards", arguments: [
        ("*", "", true), ("a*", "abc", true), ("*c", "abc", true), ("a?c", "abc", true), ("a?c", "ac", false),
        ("a*b*c", "aXbYbZc", true), ("a*b*c", "aXbYbZ", false), ("é?", "éü", true), ("?", "ü", true), ("??", "ü", false),
        ("abc", "abd", false), ("*a*", "bbb", false),
    ] as [(String, String, Bool)])
    func plainWildcards(_ pattern: String, _ subject: String, _ expected: Bool) {
        #expect(Wildcard(pattern).matches(subject) == expected)
    }

    @Test("ARN segment wildcards", arguments: [
        ("arn:aws:s3:::*", "arn:aws:s3:::b/k:x", Wildcard.Mode.resourceElement, true),
        ("arn:aws:*", "arn:aws:sqs:us-east-1:1:q", .resourceElement, true),
        ("arn:aws:sqs:us*1:1:q", "arn:aws:sqs:us-east-1:1:q", .resourceElement, true),
        ("arn:aws:sqs:us*1:1:q", "arn:aws:sqs:us:x1:1:q", .resourceElement, false),
        ("arn:aws:sqs:*:1:q", "arn:aws:sqs:a:b:1:q", .resourceElement, true),
        ("arn:aws:sqs:*:1:q", "arn:aws:sqs:a:b:1:q", .arnCondition, false),
        ("arn:aws:sqs:?:1:q", "arn:aws:sqs:::1:q", .arnCondition, false),
        ("arn:aws:iam::*:role/*", "arn:aws:iam::123:role/a:b", .arnCondition, true),
    ] as [(String, String, Wildcard.Mode, Bool)])
    func arnWildcards(_ pattern: String, _ subject: String, _ mode: Wildcard.Mode, _ expected: Bool) {
        #expect(Wildcard(pattern, mode: mode).matches(subject) == expected)
    }

    @Test("dates", arguments: [
        ("2020", 1_577_836_800.0), ("2020-02", 1_580_515_200), ("2020-02-29", 1_582_934_400),
        ("2020-01-01T00:00Z", 1_577_836_800), ("2020-01-01T01:00:00+01:00", 1_577_836_800),
        ("2020-01-01T00:00:00.5Z", 1_577_836_800.5), ("20200101T000000Z", 1_577_836_800), ("1577836800", 1_577_836_800),
        ("1969-12-31T23:59:59Z", -1),
    ] as [(String, Double)])
    func dates(_ text: String, _ epoch: Double) {
        #expect(ConditionValueParsing.date(text) == epoch)
    }

    @Test("invalid dates", arguments: ["2019-02-29", "2020-13-01", "2020-01-01T24:00Z", "yesterday", "", "0x10", "2020-01-01T00:00:00X"])
    func invalidDates(_ text: String) {
        #expect(ConditionValueParsing.date(text) == nil)
    }

    @Test("invalid numbers", arguments: ["", "0x10", "inf", "nan", "1e", "--1", "1.2.3", "ten"])
    func invalidNumbers(_ text: String) {
        #expect(ConditionValueParsing.number(text) == nil)
    }

    @Test func numbers() {
        #expect(ConditionValueParsing.number("10") == 10)
        #expect(ConditionValueParsing.number("-2.5e1") == -25)
        #expect(ConditionValueParsing.number(".5") == 0.5)
        #expect(ConditionValueParsing.number("+3") == 3)
    }

    @Test("IP ranges", arguments: [
        ("10.0.0.0/8", "10.200.1.1", true), ("10.0.0.0/8", "11.0.0.1", false), ("192.0.2.7", "192.0.2.7", true),
        ("0.0.0.0/0", "8.8.8.8", true), ("2001:db8::/32", "2001:DB8:ffff::1", true), ("2001:db8::/32", "2001:db9::1", false),
        ("::ffff:10.0.0.0/120", "::ffff:10.0.0.9", true), ("10.0.0.0/8", "::1", false), ("::/0", "fe80::1", true),
    ] as [(String, String, Bool)])
    func ipRanges(_ range: String, _ address: String, _ expected: Bool) throws {
        let parsedRange = try #require(IPAddressRange(range))
        let parsedAddress = try #require(IPAddressRange(address))
        #expect(parsedRange.contains(parsedAddress) == expected)
    }

    @Test("invalid IP text", arguments: ["10.0.0", "10.0.0.256", "10.0.0.0/33", "1::2::3", "2001:db8::/129", "abc", "1:2:3:4:5:6:7:8:9"])
    func invalidAddresses(_ text: String) {
        #expect(IPAddressRange(text) == nil)
    }

    @Test func templates() {
        let template = PolicyTemplate("home/${aws:username}/${aws:PrincipalTag/team, 'none'}/${*}", substitutesVariables: true)
        #expect(template.variables.map(\.name) == ["aws:username", "aws:PrincipalTag/team"])
        let context: AuthorizationContext = ["aws:username": ["alice"]]
        #expect(template.resolve(in: context) == "home/alice/none/*")
        #expect(template.resolve(in: AuthorizationContext()) == nil)
        #expect(PolicyTemplate("${aws:username", substitutesVariables: true).literal == "${aws:username")
        #expect(PolicyTemplate("${aws:username, 'a}b'}", substitutesVariables: true).soleVariable?.defaultValue == "a}b")
        #expect(PolicyTemplate("${aws:username}", substitutesVariables: false).literal == "${aws:username}")
        #expect(PolicyTemplate("${aws:PrincipalTag/cost center}", substitutesVariables: true).soleVariable?.key == "aws:principaltag/cost center")
        #expect(PolicyTemplate("${ aws:username}", substitutesVariables: true).literal == "${ aws:username}")
    }

    @Test func suggestions() {
        #expect(Suggestion.closest(to: "Ation", in: PolicyParser.statementElements) == "Action")
        #expect(Suggestion.closest(to: "Banana", in: PolicyParser.statementElements) == nil)
        #expect(ConditionOperator.suggestion(for: "ForAnyValue:StringLke") == "ForAnyValue:StringLike")
    }
}
