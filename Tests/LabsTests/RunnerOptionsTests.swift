import Core
import Foundation
import HTTP
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

/// A client whose sends always run to completion is sent to in place: the deadline is read
/// after the answer, with the same outcome a race would have had.
@Suite struct RunnerInPlaceSendTests {
    /// Answers after `delay`, ignoring cancellation, as the embedded backend's handlers do.
    struct UninterruptibleClient: HTTPClient {
        let delay: Duration
        func send(_ request: HTTPRequest) async throws -> HTTPResponse {
            let until = ContinuousClock.now + delay
            while ContinuousClock.now < until { await Task.yield() }
            return HTTPResponse.json(text: #"{"status":"ok"}"#)
        }
        var stopsWhenCancelled: Bool { false }
    }

    private func run(delay: Duration, timeout: Duration) async throws -> StepResult {
        let runner = LabRunner(client: UninterruptibleClient(delay: delay), configuration: .init(
            baseURL: "http://test.local", builtins: ["region": "us-east-1"], random: SeededRandomSource(seed: 7),
            clock: ManualClock(start: testDate), defaultTimeout: timeout))
        return await runner.run(try runnerLab(block("id=slow", "GET {{api}}/health\nHTTP 200"))).steps[0]
    }

    @Test func anAnswerInTimePasses() async throws {
        let step = try await run(delay: .zero, timeout: .seconds(10))
        #expect(step.status == .passed, "\(step.detail ?? "")")
    }

    @Test func anAnswerAfterTheDeadlineIsATimeout() async throws {
        let step = try await run(delay: .milliseconds(300), timeout: .milliseconds(50))
        #expect(step.status == .error)
        #expect(step.message?.contains("timed out after 50 ms while waiting for the response") == true, "\(step.message ?? "")")
    }
}
