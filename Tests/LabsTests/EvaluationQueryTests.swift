import Core
import HTTP
import Testing
@testable import Labs

/// Queries over an exchange, filters, explanations and templates.
@Suite struct EvaluationQueryTests {
    static let body = #"{"id": 7, "name": "acme", "price": 9.5, "tags": ["a", "b"], "owner": null, "big": 12345678901234567890}"#

    private func evaluator(body: String = body, status: Int = 200) -> QueryEvaluator {
        let exchange = ExchangeSnapshot(
            status: status,
            headers: [("Content-Type", "application/json"), ("Set-Cookie", "a=1"), ("set-cookie", "b=2")],
            body: Array(body.utf8),
            elapsed: .milliseconds(1234) + .microseconds(999))
        return QueryEvaluator(exchange: exchange, variables: ["tenant": .string("t-1"), "n": .integer(3)])
    }

    private func path(_ text: String) throws -> HurlQuery { .jsonpath(try JSONPath(text)) }

    @Test func statusHeaderBodyAndBytes() throws {
        var queries = evaluator(status: 403)
        #expect(try queries.evaluate(.status) == .integer(403))
        #expect(try queries.evaluate(.header("content-type")) == .string("application/json"))
        #expect(try queries.evaluate(.header("SET-COOKIE")) == .list([.string("a=1"), .string("b=2")]))
        #expect(try queries.evaluate(.header("Location")) == .none)
        #expect(try queries.evaluate(.body) == .string(Self.body))
        #expect(try queries.evaluate(.bytes) == .bytes(Array(Self.body.utf8)))
    }

    @Test func jsonpathConvertsNodesToTypedValues() throws {
        var queries = evaluator()
        #expect(try queries.evaluate(path("$.id")) == .integer(7))
        #expect(try queries.evaluate(path("$.price")) == .float(9.5))
        #expect(try queries.evaluate(path("$.name")) == .string("acme"))
        #expect(try queries.evaluate(path("$.owner")) == .null)
        #expect(try queries.evaluate(path("$.missing")) == .none)
        #expect(try queries.evaluate(path("$.tags")) == .list([.string("a"), .string("b")]))
        #expect(try queries.evaluate(path("$.tags[*]")) == .list([.string("a"), .string("b")]))
        #expect(try queries.evaluate(path("$.tags[?(@ == 'b')]")) == .list([.string("b")]))
        #expect(try queries.evaluate(path("$.nothing[*]")) == .list([]))
        #expect(try queries.evaluate(path("$.big")).literal == "12345678901234567890")
        #expect(try queries.evaluate(path("$")) == .object(try JSON.parse(Self.body).objectValue!))
    }

    @Test func jsonpathOnABodyThatIsNotJSON() throws {
        var queries = evaluator(body: "<html>")
        #expect(throws: HurlQueryError("jsonpath: the response body is not JSON: line 1, column 1: expected a value")) {
            try queries.evaluate(path("$.id"))
        }
        let outcome = queries.check(try path("$.id"), HurlPredicate(.exists, negated: true))
        #expect(!outcome.passed)
        #expect(outcome.actual.hasPrefix("error: jsonpath: the response body is not JSON"))
    }

    @Test func bodyThatIsNotUTF8() {
        var queries = QueryEvaluator(exchange: ExchangeSnapshot(status: 200, body: [0xFF, 0xFE]))
        #expect(throws: HurlQueryError("body: the response body is not valid UTF-8")) { try queries.evaluate(.body) }
        #expect(throws: HurlQueryError("regex: the response body is not valid UTF-8")) { try queries.evaluate(.regex("x")) }
    }

    @Test func regexVariableDurationAndSHA256() throws {
        var queries = evaluator()
        #expect(try queries.evaluate(.regex(#""name": "(\w+)""#)) == .string("acme"))
        #expect(try queries.evaluate(.regex(#""id": \d+"#)) == .string(#""id": 7"#))
        #expect(try queries.evaluate(.regex("nope(x)")) == .none)
        #expect(throws: HurlQueryError.self) { try queries.evaluate(.regex("(")) }
        #expect(try queries.evaluate(.variable("tenant")) == .string("t-1"))
        #expect(try queries.evaluate(.variable("unknown")) == .none)
        #expect(try queries.evaluate(.duration) == .integer(1234))
        var empty = QueryEvaluator(exchange: ExchangeSnapshot(status: 204))
        let digest = try empty.evaluate(.sha256)
        #expect(digest == .bytes(SHA256.hash([UInt8]())))
        #expect(HurlPredicate(.equal(.string("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"))).evaluate(digest).passed)
    }

    @Test func snapshotFromHTTPResponse() throws {
        var headers = HTTPHeaders()
        headers.add(name: "X-Request-Id", value: "r1")
        let snapshot = ExchangeSnapshot(response: HTTPResponse(status: 201, headers: headers, body: [0x7B, 0x7D]), elapsed: .seconds(2))
        #expect(snapshot.status == 201)
        #expect(snapshot.headerValues("x-request-id") == ["r1"])
        #expect(snapshot.durationMilliseconds == 2000)
    }

    @Test func countAndNthFilters() throws {
        var queries = evaluator()
        #expect(try queries.evaluate(path("$.tags"), filters: [.count]) == .integer(2))
        #expect(try queries.evaluate(path("$"), filters: [.count]) == .integer(6))
        #expect(try queries.evaluate(.bytes, filters: [.count]) == .integer(Self.body.utf8.count))
        #expect(try queries.evaluate(path("$.tags"), filters: [.nth(1)]) == .string("b"))
        #expect(try queries.evaluate(path("$.tags"), filters: [.nth(-2)]) == .string("a"))
        #expect(try queries.evaluate(.header("set-cookie"), filters: [.nth(0)]) == .string("a=1"))
        #expect(throws: HurlQueryError("nth 2: out of range for a list of 2")) { try queries.evaluate(path("$.tags"), filters: [.nth(2)]) }
        #expect(throws: HurlQueryError("count: applies to lists, objects and bytes, not to \"acme\"")) { try queries.evaluate(path("$.name"), filters: [.count]) }
        #expect(throws: HurlQueryError("nth 0: applies to lists, not to 7 (integer)")) { try queries.evaluate(path("$.id"), filters: [.nth(0)]) }
        #expect(throws: HurlQueryError("count: the query matched nothing")) { try queries.evaluate(path("$.x"), filters: [.count]) }
        #expect(queries.check(try path("$.tags[*]"), filters: [.count], HurlPredicate(.equal(.integer(2)))).passed)
    }

    @Test func explanationsReadLikeTheLabFile() {
        var queries = evaluator(status: 200)
        #expect(queries.check(.status, HurlPredicate(.equal(.integer(403)))).explanation == "expected: == 403 / actual: 200 (integer)")
        let body = queries.check(.body, HurlPredicate(.contains(.string("AccessDenied"))))
        #expect(body.explanation == #"expected: contains "AccessDenied" / actual: "{\"id\": 7, \"name\": \"acme\", \"price\": 9.5, \"tags\": [\"a\", \"b\"], \"owner\": null, \"big\": 12345678901234567890}""#)
        #expect(HurlPredicate(.startsWith(.string("x")), negated: true).evaluate(.integer(1)).explanation
            == #"expected: not startsWith "x" / actual: 1 (integer) / type mismatch: startsWith applies to strings, not to an integer"#)
        #expect(HurlPredicate(.exists).evaluate(.none).explanation == "expected: exists / actual: none")
        #expect(HurlPredicate(.matches(pattern: #"^\d+$"#)).description == #"matches "^\\d+$""#)
        #expect(HurlPredicate(.isEmpty).evaluate(.list([.integer(1), .float(2.5)])).explanation == "expected: isEmpty / actual: [1,2.5] (list of 2)")
        #expect(HurlPredicate(.equal(.boolean(true))).evaluate(.bytes([1, 255])).explanation == "expected: == true / actual: hex,01ff; (2 bytes)")
        #expect(HurlQuery.header("Location").description == #"header "Location""#)
    }

    @Test func longActualValuesAreCut() {
        let long = String(repeating: "x", count: 500)
        let shown = HurlValue.string(long).displayed()
        #expect(shown == "\"" + String(repeating: "x", count: 199) + "… (500 characters)")
        #expect(HurlValue.string("short").displayed() == #""short""#)
        let list = HurlValue.list(Array(repeating: .integer(12345), count: 100))
        #expect(list.displayed(limit: 10) == "[12345,123… (list of 100, 601 characters)")
        let outcome = HurlPredicate(.contains(.string("y"))).evaluate(.string(long))
        #expect(outcome.actual.count < 230)
    }

    @Test func valuesRenderAsTemplateTextLiteralsAndJSON() {
        #expect(HurlValue.bytes([0xAB]).templateText == "ab")
        #expect(HurlValue.float(2.0).literal == "2.0")
        #expect(HurlValue.none.json == Optional<JSON>.none)
    }
}
