import Foundation
import Testing
@testable import Labs

@Suite struct RunnerOptionsTests {
    @Test func queryFormAndJSONBodiesAreEncoded() async throws {
        let lab = try await runLab(block("id=q", """
        POST http://other.example:8080/echo?x=1
        [QueryStringParams]
        name: a b&c
        [FormParams]
        user: {{region}}
        note: 100%
        HTTP 201
        [Asserts]
        jsonpath "$.target" == "/echo?x=1&name=a%20b%26c"
        jsonpath "$.host" == "other.example:8080"
        jsonpath "$.contentType" == "application/x-www-form-urlencoded"
        jsonpath "$.body" == "user=us-east-1&note=100%25"
        """) + block("id=j", """
        POST {{api}}/echo
        {"id": "{{newUuid}}"}
        HTTP 201
        [Asserts]
        jsonpath "$.contentType" == "application/json"
        jsonpath "$.host" == "test.local"
        jsonpath "$.body" matches /^\\{"id": "[0-9a-f-]{36}"\\}$/
        """))
        #expect(lab.steps.map(\.detail) == [nil, nil])
    }

    @Test func skipVariableAndDelayOptions() async throws {
        let lab = try await runLab(block("id=o", """
        GET {{api}}/missing
        [Options]
        skip: true
        HTTP 200

        POST {{api}}/echo
        [Options]
        variable: who={{region}}-x
        delay: 5ms
        `{{who}}`
        HTTP 201
        [Asserts]
        jsonpath "$.body" == "us-east-1-x"
        """))
        #expect(lab.steps[0].status == .passed, "\(lab.steps[0].detail ?? "")")
    }

    @Test func retryRepeatsTheEntryWhileAssertsFail() async throws {
        let flaky = CallCounter()
        let lab = try await runLab(block("id=r", """
        GET {{api}}/flaky
        [Options]
        retry: 3
        retry-interval: 10ms
        HTTP 200
        """), router: testRouter(flaky: flaky, failFirst: 2))
        #expect(lab.steps[0].status == .passed)
        #expect(flaky.next() == 4)

        let exhausted = try await runLab(block("id=r", """
        GET {{api}}/flaky
        [Options]
        retry: 1
        retry-interval: 1ms
        HTTP 200
        """), router: testRouter(failFirst: 5))
        #expect(exhausted.steps[0].status == .failed)
    }

    @Test func aSlowResponseTimesOutAsAnError() async throws {
        let started = ContinuousClock.now
        let lab = try await runLab(block("id=slow", "GET {{api}}/slow\nHTTP 200"), timeout: .milliseconds(100))
        #expect(lab.steps[0].status == .error)
        #expect(lab.steps[0].message?.contains("timed out") == true)
        #expect(ContinuousClock.now - started < .seconds(60), "the step waited for the response instead of timing out")
    }

    @Test func sigV4SignedRequestsVerify() async throws {
        let lab = try await runLab(block("id=signed", """
        POST {{api}}/signed
        [Options]
        aws-sigv4: aws:amz:{{region}}:execute-api
        user: {{key}}:{{secret}}
        HTTP 200
        [Asserts]
        jsonpath "$.caller" == "AKIDRUNNERTEST0001"
        jsonpath "$.service" == "execute-api"
        """) + block("id=wrong", """
        POST {{api}}/signed
        [Options]
        aws-sigv4: aws:amz:us-east-1:execute-api
        user: {{key}}:not-the-secret
        HTTP 403
        [Asserts]
        jsonpath "$.error" contains "signature"
        """))
        #expect(lab.steps.map(\.status) == [.passed, .passed], "\(lab.steps.map(\.detail))")
    }

    @Test func overridesWinOverBuiltins() async throws {
        let lab = try await runLab(block("id=v", """
        POST {{api}}/echo
        `{{region}}`
        HTTP 201
        [Asserts]
        jsonpath "$.body" == "eu-west-1"
        """), overrides: ["region": "eu-west-1"])
        #expect(lab.steps[0].status == .passed)
    }
}
