import Core
import Foundation
import Testing
@testable import Labs

/// A JWT built the way an identity provider does, independently of the code under test:
/// Foundation's Base64, made URL-safe and stripped of padding, for each segment.
struct TestJWT {
    static let header = #"{"alg":"RS256","kid":"test-key","typ":"JWT"}"#
    /// Chosen so that, with a tenant of 11 characters, the payload's encoding would need `==`
    /// padding and uses both `-` and `_`.
    static let givenName = "Zoë ~?>!"

    static func payload(tenant: String) -> String {
        #"{"sub":"5f0c-user","custom:tenant_id":"\#(tenant)","given_name":"\#(givenName)","exp":1767229200}"#
    }

    let token: String
    let payloadSegment: String

    init(tenant: String) {
        payloadSegment = Self.segment(Array(Self.payload(tenant: tenant).utf8))
        token = [Self.segment(Array(Self.header.utf8)), payloadSegment, Self.segment([0xFB, 0xFF, 0xBF, 0x3E, 0x01, 0x7E])]
            .joined(separator: ".")
    }

    static func segment(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}

/// The filters `split`, `base64UrlSafeDecode`, `utf8Decode`, `decode` and `jsonpath` in a lab file.
@Suite struct FilterParsingTests {
    private let jwtLine = #"jsonpath "$.token" split "." nth 1 base64UrlSafeDecode utf8Decode jsonpath "$['custom:tenant_id']" == "{{tenant_id}}""#

    private func asserts(_ lines: String) throws -> [Assert] {
        let lab = try parse(labText("```hurl {id=s}\nGET {{api}}/a\nHTTP 200\n[Asserts]\n\(lines)\n```\n"),
                            variables: Workbook.builtinVariables.union(["tenant_id", "sep"]))
        return try #require(lab.steps.first?.entries.first?.response?.asserts)
    }

    @Test func theJWTChainParsesFilterByFilter() throws {
        let assert = try #require(try asserts(jwtLine).first)
        #expect(assert.query == Query(.jsonpath(text("$.token", 9, 11)), location: at(9, 1)))
        #expect(assert.filters == [
            Filter(.split(text(".", 9, 27)), location: at(9, 20)),
            Filter(.nth(1), location: at(9, 30)),
            Filter(.base64UrlSafeDecode, location: at(9, 36)),
            Filter(.utf8Decode, location: at(9, 56)),
            Filter(.jsonpath(text("$['custom:tenant_id']", 9, 77)), location: at(9, 67)),
        ])
        #expect(assert.predicate.op == .equal)
        #expect(assert.predicate.value == .string(Template([.variable("tenant_id", at(9, 106))], location: at(9, 104))))
    }

    @Test func filtersInCapturesAndTheirArguments() throws {
        let s = try step("""
        GET {{api}}/a
        HTTP 200
        [Captures]
        parts: body split "\\", "
        claims: jsonpath "$.t" split "{{account}}" nth 0 base64UrlSafeDecode decode "UTF-8" jsonpath "$.a"
        """)
        let captures = try #require(s.entries.first?.response?.captures)
        #expect(captures[0].filters == [Filter(.split(text("\", ", 9, 20)), location: at(9, 13))])
        #expect(captures[1].filters == [
            Filter(.split(Template([.variable("account", at(10, 33))], location: at(10, 31))), location: at(10, 24)),
            Filter(.nth(0), location: at(10, 44)),
            Filter(.base64UrlSafeDecode, location: at(10, 50)),
            Filter(.decode(text("UTF-8", 10, 78)), location: at(10, 70)),
            Filter(.jsonpath(text("$.a", 10, 95)), location: at(10, 85)),
        ])
    }

    @Test func filterNamesAreOffered() {
        #expect(Filter.names == ["count", "nth", "split", "base64UrlSafeDecode", "utf8Decode", "decode", "jsonpath"])
    }

    @Test(arguments: [
        WorkbookErrorCase.hurl("split before the predicate", "GET {{api}}/a\nHTTP 200\n[Asserts]\nbody split == 1",
                               "9:12: split needs a quoted separator, e.g. split \",\""),
        .hurl("split at the end of the line", "GET {{api}}/a\nHTTP 200\n[Captures]\nx: body split",
              "9:14: split needs a quoted separator, e.g. split \",\""),
        .hurl("split with a bare separator", "GET {{api}}/a\nHTTP 200\n[Asserts]\nbody split . nth 0 == \"a\"",
              "9:12: split needs a quoted separator, e.g. split \",\""),
        .hurl("split with an empty separator", "GET {{api}}/a\nHTTP 200\n[Asserts]\nbody split \"\" count == 1",
              "9:12: split needs a separator that is not empty, e.g. split \",\""),
        .hurl("split separator never closed", "GET {{api}}/a\nHTTP 200\n[Asserts]\nbody split \". count == 1",
              "9:12: unclosed string"),
        .hurl("jsonpath filter without expression", "GET {{api}}/a\nHTTP 200\n[Asserts]\nbody jsonpath exists",
              "9:15: jsonpath needs a quoted expression, e.g. jsonpath \"$.id\""),
        .hurl("jsonpath filter with a bare expression", "GET {{api}}/a\nHTTP 200\n[Asserts]\nbody jsonpath $.id == 1",
              "9:15: jsonpath needs a quoted expression, e.g. jsonpath \"$.id\""),
        .hurl("jsonpath filter with a syntax error", "GET {{api}}/a\nHTTP 200\n[Asserts]\nbody jsonpath \"$.a[\" exists",
              "9:20: invalid JSONPath: expected an index, a quoted name, '*', a slice or a filter; found the end of the path"),
        .hurl("jsonpath filter error after an escape", "GET {{api}}/a\nHTTP 200\n[Captures]\nx: body jsonpath \"$[\\\"a\\\"\"",
              "9:26: invalid JSONPath: expected ',' or ']'"),
        .hurl("decode without charset", "GET {{api}}/a\nHTTP 200\n[Asserts]\nsha256 decode == \"x\"",
              "9:15: decode needs a quoted charset, e.g. decode \"utf-8\""),
        .hurl("decode with another charset", "GET {{api}}/a\nHTTP 200\n[Asserts]\nsha256 decode \"latin1\" == \"x\"",
              "9:15: decode supports only \"utf-8\" in saaslab, not \"latin1\""),
        .hurl("misspelt split in predicate position", "GET {{api}}/a\nHTTP 200\n[Asserts]\nbody splt \".\" count == 2",
              "9:6: unknown filter 'splt'; did you mean 'split'?"),
        .hurl("filter name in the wrong case", "GET {{api}}/a\nHTTP 200\n[Captures]\nx: sha256 utf8decode",
              "9:11: unknown filter 'utf8decode'; did you mean 'utf8Decode'?"),
        .hurl("misspelt base64UrlSafeDecode", "GET {{api}}/a\nHTTP 200\n[Captures]\nx: body base64UrlSafDecode",
              "9:9: unknown filter 'base64UrlSafDecode'; did you mean 'base64UrlSafeDecode'?"),
        .hurl("unknown variable in a split separator", "GET {{api}}/a\nHTTP 200\n[Asserts]\nbody split \"{{sepx}}\" count == 2",
              "9:15: unknown variable 'sepx': no earlier step captures it and it is not a built-in"),
        .hurl("unknown variable in a jsonpath filter", "GET {{api}}/a\nHTTP 200\n[Captures]\nx: body jsonpath \"$.{{nope}}\"",
              "9:23: unknown variable 'nope': no earlier step captures it and it is not a built-in"),
    ])
    func parseErrors(_ errorCase: WorkbookErrorCase) {
        #expect(summary(errors(errorCase.lab)) == errorCase.expected)
    }

    @Test func argumentsWithPlaceholdersWaitForTheRun() throws {
        let found = try asserts(#"""
        body jsonpath "$.{{sep}}[" exists
        sha256 decode "{{sep}}" exists
        body split "{{sep}}" count == 2
        """#)
        #expect(found.map(\.filters.count) == [1, 1, 2])
    }

    @Test func aVariableCapturedEarlierInTheEntryMayBeAFilterArgument() {
        let lab = labText("```hurl {id=s}\nGET {{api}}/a\nHTTP 200\n[Captures]\nsep: body\n[Asserts]\nbody split \"{{sep}}\" count == 2\n```\n")
        #expect(errors(lab).isEmpty)
    }
}

/// What the filters do to values, alone and chained.
@Suite struct FilterEvaluationTests {
    private func apply(_ filter: HurlFilter, _ value: HurlValue) throws(HurlQueryError) -> HurlValue {
        try filter.apply(to: value)
    }

    private func strings(_ values: String...) -> HurlValue { .list(values.map(HurlValue.string)) }

    @Test func descriptionsSpellFiltersAsALabFileDoes() throws {
        #expect(HurlFilter.split(".").description == #"split ".""#)
        #expect(HurlFilter.split("\"").description == #"split "\"""#)
        #expect(HurlFilter.base64UrlSafeDecode.description == "base64UrlSafeDecode")
        #expect(HurlFilter.utf8Decode.description == "utf8Decode")
        #expect(HurlFilter.decode("utf-8").description == #"decode "utf-8""#)
        #expect(HurlFilter.jsonpath(try JSONPath("$['custom:tenant_id']")).description == #"jsonpath "$['custom:tenant_id']""#)
    }

    @Test func splitKeepsEmptyPieces() throws {
        #expect(try apply(.split(","), .string("1,2,3")) == strings("1", "2", "3"))
        #expect(try apply(.split(","), .string("a,,b")) == strings("a", "", "b"))
        #expect(try apply(.split(","), .string(",a,")) == strings("", "a", ""))
        #expect(try apply(.split(","), .string("")) == strings(""))
        #expect(try apply(.split(","), .string("abc")) == strings("abc"))
        #expect(try apply(.split("::"), .string("a::b:::c")) == strings("a", "b", ":c"))
        #expect(try apply(.split("🍎"), .string("x🍎y🍎")) == strings("x", "y", ""))
        // Hurl splits text, not characters: an `e` with a combining accent is still cut at the `e`.
        #expect(try apply(.split("e"), .string("cafe\u{301}!")) == strings("caf", "\u{301}!"))
    }

    @Test func splitErrors() {
        #expect(throws: HurlQueryError(#"split ",": applies to strings, not to 3 (integer)"#)) { try apply(.split(","), .integer(3)) }
        #expect(throws: HurlQueryError(#"split ",": applies to strings, not to ["a"] (list of 1)"#)) {
            try apply(.split(","), strings("a"))
        }
        #expect(throws: HurlQueryError(#"split ",": the query matched nothing"#)) { try apply(.split(","), .none) }
        #expect(throws: HurlQueryError(#"split "": the separator is empty"#)) { try apply(.split(""), .string("abc")) }
    }

    @Test func base64UrlSafeDecodeWithAndWithoutPadding() throws {
        let bytes: [UInt8] = [0x3C, 0x3C, 0x3F, 0x3F, 0x3F, 0x3E, 0x3E]
        #expect(try apply(.base64UrlSafeDecode, .string("PDw_Pz8-Pg")) == .bytes(bytes))
        #expect(try apply(.base64UrlSafeDecode, .string("PDw_Pz8-Pg==")) == .bytes(bytes))
        #expect(try apply(.base64UrlSafeDecode, .string("")) == .bytes([]))
        #expect(try apply(.base64UrlSafeDecode, .string("aGk")) == .bytes(Array("hi".utf8)))
    }

    @Test func base64UrlSafeDecodeErrors() {
        let why = "base64UrlSafeDecode: not Base64url (A-Z a-z 0-9 - _, optional = padding): "
        #expect(throws: HurlQueryError(why + #""!@#""#)) { try apply(.base64UrlSafeDecode, .string("!@#")) }
        // The standard alphabet's `/` and `+` are not URL-safe.
        #expect(throws: HurlQueryError(why + #""PDw/Pz8+Pg""#)) { try apply(.base64UrlSafeDecode, .string("PDw/Pz8+Pg")) }
        #expect(throws: HurlQueryError(why + #""PDw_Pz8-Pg=""#)) { try apply(.base64UrlSafeDecode, .string("PDw_Pz8-Pg=")) }
        #expect(throws: HurlQueryError(why + #""abcde""#)) { try apply(.base64UrlSafeDecode, .string("abcde")) }
        #expect(throws: HurlQueryError("base64UrlSafeDecode: applies to strings, not to hex,c4e3ba; (3 bytes)")) {
            try apply(.base64UrlSafeDecode, .bytes([0xC4, 0xE3, 0xBA]))
        }
        #expect(throws: HurlQueryError("base64UrlSafeDecode: applies to strings, not to 12 (integer)")) {
            try apply(.base64UrlSafeDecode, .integer(12))
        }
    }

    @Test func utf8DecodeAndItsDecodeSynonym() throws {
        let text = "héllo 🍎"
        #expect(try apply(.utf8Decode, .bytes(Array(text.utf8))) == .string(text))
        #expect(try apply(.utf8Decode, .bytes([])) == .string(""))
        #expect(try apply(.decode("utf-8"), .bytes(Array(text.utf8))) == .string(text))
        #expect(try apply(.decode("UTF8"), .bytes(Array(text.utf8))) == .string(text))
    }

    @Test func utf8DecodeErrors() {
        #expect(throws: HurlQueryError("utf8Decode: not valid UTF-8: hex,48c328; (3 bytes)")) {
            try apply(.utf8Decode, .bytes([0x48, 0xC3, 0x28]))
        }
        #expect(throws: HurlQueryError(#"decode "utf-8": not valid UTF-8: hex,fffe; (2 bytes)"#)) {
            try apply(.decode("utf-8"), .bytes([0xFF, 0xFE]))
        }
        #expect(throws: HurlQueryError(#"utf8Decode: applies to bytes, not to "abc""#)) { try apply(.utf8Decode, .string("abc")) }
        #expect(throws: HurlQueryError("utf8Decode: the query matched nothing")) { try apply(.utf8Decode, .none) }
        #expect(throws: HurlQueryError(#"decode "latin1": saaslab decodes only "utf-8""#)) {
            try apply(.decode("latin1"), .bytes([0x41]))
        }
    }

    @Test func jsonpathFilterGivesWhatTheQueryGives() throws {
        let json = #"{"a": {"b": [1, 2.5, "x", null, true], "c": {"d": 12345678901234567890}}, "custom:tenant_id": "T1"}"#
        var queries = QueryEvaluator(exchange: ExchangeSnapshot(status: 200, body: Array(json.utf8)))
        for text in ["$.a.b", "$.a.b[0]", "$.a.b[1]", "$.a.b[2]", "$.a.b[3]", "$.a.b[4]", "$.a.c", "$.a.c.d",
                     "$['custom:tenant_id']", "$.missing", "$..b", "$.a.b[*]", "$.a.b[?(@ == 'x')]", "$.nothing[*]"] {
            let path = try JSONPath(text)
            #expect(try apply(.jsonpath(path), .string(json)) == queries.evaluate(.jsonpath(path)), "\(text)")
        }
        #expect(try apply(.jsonpath(JSONPath("$.a.b[1]")), .string(json)) == .float(2.5))
        #expect(try apply(.jsonpath(JSONPath("$.a.c.d")), .string(json)).literal == "12345678901234567890")
        #expect(try apply(.jsonpath(JSONPath("$.missing")), .string(json)) == .none)
        #expect(try apply(.jsonpath(JSONPath("$")), .string("\"just text\"")) == .string("just text"))
    }

    @Test func jsonpathFilterErrors() throws {
        let path = HurlFilter.jsonpath(try JSONPath("$.a"))
        #expect(throws: HurlQueryError(#"jsonpath "$.a": the value is not JSON: line 1, column 1: expected a value, found 'not' (the literals are lower-case true, false and null; strings need double quotes)"#)) {
            try apply(path, .string("not json"))
        }
        #expect(throws: HurlQueryError(#"jsonpath "$.a": applies to strings (JSON text), not to {"a":1} (object of 1)"#)) {
            try apply(path, .object(try JSON.parse(#"{"a":1}"#).objectValue!))
        }
        #expect(throws: HurlQueryError(#"jsonpath "$.a": applies to strings (JSON text), not to hex,7b7d; (2 bytes)"#)) {
            try apply(path, .bytes(Array("{}".utf8)))
        }
        #expect(throws: HurlQueryError(#"jsonpath "$.a": the query matched nothing"#)) { try apply(path, .none) }
    }

    @Test(arguments: [
        ("a.b.c", ".", ["a", "b", "c"]),
        ("a..b", ".", ["a", "", "b"]),
        (".a.", ".", ["", "a", ""]),
        ("", ".", [""]),
        ("abc", "abcd", ["abc"]),
        ("xabyab", "ab", ["x", "y", ""]),
        // Left to right, never overlapping, as Rust's str::split.
        ("aaa", "aa", ["", "a"]),
        ("été|ça", "|", ["été", "ça"]),
        ("aéb", "é", ["a", "b"]),
    ])
    func splitCutsAtEveryByteEqualSeparator(text: String, separator: String, pieces: [String]) throws {
        #expect(try HurlFilter.split(separator).apply(to: .string(text)) == .list(pieces.map(HurlValue.string)))
    }

    @Test func theJWTChainReadsAClaim() throws {
        let jwt = TestJWT(tenant: "TENANT-a1b2")
        // The segment exercises what makes Base64url differ: no padding, `-` and `_`.
        #expect(!jwt.payloadSegment.contains("=") && jwt.payloadSegment.count % 4 != 0)
        #expect(jwt.payloadSegment.contains("-") && jwt.payloadSegment.contains("_"))
        let body = JSON.object(["token": .string(jwt.token)]).serialized()
        var queries = QueryEvaluator(exchange: ExchangeSnapshot(status: 200, body: Array(body.utf8)))
        let token = HurlQuery.jsonpath(try JSONPath("$.token"))
        let toPayload: [HurlFilter] = [.split("."), .nth(1), .base64UrlSafeDecode, .utf8Decode]
        let claim = toPayload + [.jsonpath(try JSONPath("$['custom:tenant_id']"))]

        #expect(try queries.evaluate(token, filters: [.split("."), .count]) == .integer(3))
        #expect(try queries.evaluate(token, filters: toPayload) == .string(TestJWT.payload(tenant: "TENANT-a1b2")))
        #expect(try queries.evaluate(token, filters: claim) == .string("TENANT-a1b2"))
        #expect(try queries.evaluate(token, filters: toPayload + [.jsonpath(try JSONPath("$.given_name"))]) == .string(TestJWT.givenName))
        #expect(try queries.evaluate(token, filters: toPayload + [.jsonpath(try JSONPath("$.exp"))]) == .integer(1_767_229_200))

        #expect(queries.check(token, filters: claim, HurlPredicate(.equal(.string("TENANT-a1b2")))).passed)
        let other = queries.check(token, filters: claim, HurlPredicate(.equal(.string("TENANT-zzzz"))))
        #expect(!other.passed)
        #expect(other.actual == #""TENANT-a1b2""#)

        // The signature is binary, not UTF-8: the runtime error says so instead of failing the assert.
        let signature = queries.check(token, filters: [.split("."), .nth(2), .base64UrlSafeDecode, .utf8Decode],
                                      HurlPredicate(.exists))
        #expect(!signature.passed)
        #expect(signature.actual == "error: utf8Decode: not valid UTF-8: hex,fbffbf3e017e; (6 bytes)")
    }
}
