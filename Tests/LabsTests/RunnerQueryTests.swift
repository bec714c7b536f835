import Testing
@testable import Labs

@Suite struct RunnerQueryTests {
    @Test func everyQueryPredicateAndFilterHolds() async throws {
        let lab = try await runLab(block("id=all", """
        GET {{api}}/items
        HTTP 200
        X-Test: yes
        [Asserts]
        status == 200
        status >= 200
        status < 300
        status <= 200
        status > 199
        status != 404
        header "X-Test" == "yes"
        header "Set-Cookie" count == 2
        header "Set-Cookie" includes "b=2"
        header "Missing" not exists
        body contains "saas lab"
        body startsWith "{"
        body endsWith "}"
        body matches /"ok":true/
        jsonpath "$.name" == "saas lab"
        jsonpath "$.name" isString
        jsonpath "$.size" isInteger
        jsonpath "$.items[1].n" isFloat
        jsonpath "$.items[1].n" == 2.5
        jsonpath "$.ok" isBoolean
        jsonpath "$.ok" == true
        jsonpath "$.ok" != "true"
        jsonpath "$.none" == null
        jsonpath "$.items" isCollection
        jsonpath "$.tags" isEmpty
        jsonpath "$.items" count == 2
        jsonpath "$.items[*].id" nth 1 == "b"
        jsonpath "$..id" includes "a"
        jsonpath "$.items[?(@.id == 'b')].n" nth 0 == 2.5
        jsonpath "$['name']" exists
        regex "\\"name\\":\\"([a-z ]+)\\"" == "saas lab"
        duration >= 0
        duration isInteger
        sha256 exists
        """))
        let step = try #require(lab.steps.first)
        #expect(step.failures.map(\.summary) == [])
        #expect(step.status == .passed)
        #expect(step.points == 1)
    }

    @Test func failuresCarryExpectedActualLineHintAndExchange() async throws {
        let lab = try await runLab(block("id=f points=5 hint=\"Look at the name\"", """
        GET {{api}}/items
        HTTP 201
        [Asserts]
        jsonpath "$.name" == "other"
        jsonpath "$.size" not isInteger
        jsonpath "$.name" startsWith 3
        """))
        let step = try #require(lab.steps.first)
        #expect(step.status == .failed)
        #expect(step.points == 0 && step.maxPoints == 5)
        #expect(step.hint == "Look at the name")
        #expect(step.failures.map { $0.location.line } == [7, 9, 10, 11])
        #expect(step.failures[0].expected == "201" && step.failures[0].actual == "200")
        #expect(step.failures[1].check == #"jsonpath "$.name" == "other""#)
        #expect(step.failures[1].actual == #""saas lab""#)
        let transcript = try #require(step.transcript)
        #expect(transcript.contains("> GET /items"))
        #expect(transcript.contains("< HTTP 200 OK"))
        #expect(transcript.contains(#"< {"items""#))
    }

    @Test func capturesFlowBetweenStepsAndIntoTheVariableQuery() async throws {
        let lab = try await runLab(
            block("id=first", """
            GET {{api}}/items
            HTTP 200
            [Captures]
            first_id: jsonpath "$.items[0].id"
            count: jsonpath "$.items" count
            """) + block("id=second needs=first", """
            POST {{api}}/echo
            Content-Type: text/plain
            `id={{first_id}} n={{count}}`
            HTTP 201
            [Asserts]
            jsonpath "$.body" == "id=a n=2"
            variable "count" == 2
            variable "first_id" == {{first_id}}
            """))
        #expect(lab.steps.map(\.status) == [.passed, .passed])
    }

    @Test func aStepUsingAVariableNeverCapturedIsSkippedWithTheReason() async throws {
        let lab = try await runLab(
            block("id=capture", """
            GET {{api}}/items
            HTTP 404
            [Captures]
            token: jsonpath "$.name"
            """) + block("id=use", """
            GET {{api}}/items?name={{token}}
            HTTP 200
            """) + block("id=later needs=capture", "GET {{api}}/items"))
        #expect(lab.steps.map(\.status) == [.failed, .skipped, .skipped])
        #expect(lab.steps[1].message?.contains("variable 'token'") == true)
        #expect(lab.steps[2].message == "needs step 'capture', which did not pass")
        #expect(lab.score == 0 && lab.maxScore == 3)
    }
}
