import Testing
@testable import Labs

@Suite struct WorkbookResponseTests {
    @Test func bodiesOfEveryKind() throws {
        let lab = try parse(labText("""
        ````hurl {id=bodies}
        PUT {{api}}/a
        {
          "tenant": "{{account}}"
        }

        HTTP 200
        POST {{api}}/b
        ```json
        line {{region}}
        ```
        POST {{api}}/c
        `tenant=blue`
        POST {{api}}/d
        file,lab3/policy.json;
        ````
        """))
        let bodies = lab.steps[0].entries.map(\.request.body)
        #expect(bodies[0] == Body(.json(Template([.literal("{\n  \"tenant\": \""), .variable("account", at(8, 16)),
                                                  .literal("\"\n}")], location: at(7, 1))), location: at(7, 1)))
        #expect(lab.steps[0].entries[0].response?.status == .code(200))
        #expect(bodies[1] == Body(.multiline(Template([.literal("line "), .variable("region", at(14, 8)), .literal("\n")],
                                                      location: at(14, 1)), language: "json"), location: at(13, 1)))
        #expect(bodies[2] == Body(.oneline(text("tenant=blue", 17, 2)), location: at(17, 1)))
        #expect(bodies[3] == Body(.file(path: "lab3/policy.json"), location: at(19, 1)))
        #expect(lab.steps[0].entries.count == 4)
    }

    @Test func statusLinesHeadersAndCaptures() throws {
        let s = try step("""
        GET {{api}}/a
        HTTP/1.1 201
        Location: /tenants/1
        [Captures]
        first: jsonpath "$.items" nth 0
        total: jsonpath "$.items" count
        GET {{api}}/b/{{first}}
        HTTP *
        """)
        let response = try #require(s.entries[0].response)
        #expect(response.version == "HTTP/1.1")
        #expect(response.status == .code(201))
        #expect(response.headers == [KeyValue(name: "Location", value: text("/tenants/1", 8, 11), location: at(8, 1))])
        #expect(response.captures == [
            Capture(name: "first", query: Query(.jsonpath(text("$.items", 10, 18)), location: at(10, 8)),
                    filters: [Filter(.nth(0), location: at(10, 27))], location: at(10, 1)),
            Capture(name: "total", query: Query(.jsonpath(text("$.items", 11, 18)), location: at(11, 8)),
                    filters: [Filter(.count, location: at(11, 27))], location: at(11, 1)),
        ])
        #expect(s.entries[1].response == ResponseSpec(status: .any, location: at(13, 1)))
    }

    @Test func everyQueryAndPredicateValue() throws {
        let s = try step("""
        GET {{api}}/a
        HTTP 200
        [Captures]
        id: jsonpath "$.id"
        [Asserts]
        status == 200
        header "Content-Type" startsWith "application/json"
        body contains "a\\tb"
        jsonpath "$.price" == 4.50
        jsonpath "$.ok" == true
        jsonpath "$.next" == null
        jsonpath "$.owner" != {{id}}
        jsonpath "$.items" count not isEmpty
        regex "id=(\\\\w+)" exists
        regex /v(\\d+)/ isString
        variable "id" matches /^[a-z\\/]+$/
        duration < 1000
        sha256 isCollection
        jsonpath "$.n" >= -3
        """)
        let asserts = try #require(s.entries[0].response?.asserts)
        func q(_ n: Int) -> Query.Kind { asserts[n].query.kind }
        func v(_ n: Int) -> PredicateValue? { asserts[n].predicate.value }
        #expect(q(0) == .status && v(0) == .integer(200))
        #expect(q(1) == .header(text("Content-Type", 12, 9)) && asserts[1].predicate.op == .startsWith)
        #expect(q(2) == .body && v(2) == .string(text("a\tb", 13, 16)))
        #expect(v(3) == .float(4.5, text: "4.50"))
        #expect(v(4) == .boolean(true))
        #expect(v(5) == .null)
        #expect(v(6) == .variable(Template([.variable("id", at(17, 25))], location: at(17, 23))))
        #expect(asserts[6].predicate.op == .notEqual)
        #expect(asserts[7].filters == [Filter(.count, location: at(18, 20))])
        #expect(asserts[7].isNegated && asserts[7].predicate == Predicate(.isEmpty, location: at(18, 30)))
        #expect(q(8) == .regex(text("id=(\\w+)", 19, 8)))
        #expect(q(9) == .regex(text("v(\\d+)", 20, 1)))
        #expect(q(10) == .variable("id") && v(10) == .regex("^[a-z/]+$"))
        #expect(q(11) == .duration && asserts[11].predicate.op == .less)
        #expect(q(12) == .sha256 && asserts[12].predicate.op == .isCollection)
        #expect(v(13) == .integer(-3) && asserts[13].predicate.op == .greaterOrEqual)
    }
}
