import Core
import Testing
@testable import Labs

/// Isolation steps: the attribute and options that mark them, the cap a breach puts on a lab,
/// and the hint of the entry that failed.
@Suite struct IsolationTests {
    static let location = Labs.SourceLocation(file: "lab.md", line: 1, column: 1)

    static func step(_ id: String, points: Int, status: StepStatus, breached: Bool = false) -> StepResult {
        var result = StepResult(id: id, title: id, status: status, points: status == .passed ? points : 0, maxPoints: points,
                                isExercise: true, guardsIsolation: breached, location: location)
        result.breachedIsolation = breached
        return result
    }

    @Test func aBreachCapsTheLabAtHalfItsPoints() {
        let lab = LabResult(id: "l", title: "L", steps: [
            Self.step("a", points: 30, status: .passed), Self.step("leak", points: 10, status: .failed, breached: true),
        ])
        #expect(lab.uncappedScore == 30)
        #expect(lab.isolationCap == 20)
        #expect(lab.score == 20)
        #expect(lab.isolationBreaches.map(\.id) == ["leak"])
        #expect(RunResult(labs: [lab]).score == 20)
        let terminal = Report.render(RunResult(labs: [lab]), format: .terminal)
        #expect(terminal.contains("isolation breached (leak): at most 20 of 40 for this lab"))
        let json = Report.render(RunResult(labs: [lab]), format: .json)
        #expect(json.contains(#""isolation_cap""#) && json.contains(#""breached_isolation""#))
    }

    @Test func aFailureThatIsNoBreachCapsNothing() {
        let lab = LabResult(id: "l", title: "L", steps: [
            Self.step("a", points: 30, status: .passed), Self.step("own", points: 10, status: .failed),
        ])
        #expect(lab.isolationCap == nil)
        #expect(lab.score == 30)
        // A score already under the cap stays what it is.
        let low = LabResult(id: "l", title: "L", steps: [
            Self.step("a", points: 30, status: .failed), Self.step("leak", points: 10, status: .failed, breached: true),
        ])
        #expect(low.score == 0)
    }

    @Test func theAttributeAndTheEntryOptionsParse() throws {
        let lab = try parse("""
        ---
        id: l
        ---
        ```hurl {id=probe points=4 exercise isolation}
        GET {{api}}/a
        [Options]
        hint: The credentials came from the wrong role.
        HTTP 200

        GET {{api}}/b
        [Options]
        isolation: true
        HTTP 403
        ```
        """)
        let step = try #require(lab.steps.first)
        #expect(step.guardsIsolation)
        #expect(step.entries[0].request.options.hint == "The credentials came from the wrong role.")
        #expect(!step.entries[0].request.options.guardsIsolation)
        #expect(step.entries[1].request.options.guardsIsolation)
    }

    @Test func badIsolationAndHintOptionsAreRefusedWithTheirLine() {
        let isolation = errors("---\nid: l\n---\n```hurl {id=a}\nGET {{api}}/a\n[Options]\nisolation: maybe\nHTTP 200\n```\n")
        #expect(isolation.first?.description.contains("lab.md:7:") == true)
        #expect(isolation.first?.description.contains("isolation must be true or false") == true)
        let hint = errors("---\nid: l\n---\n```hurl {id=a}\nGET {{api}}/a\n[Options]\nhint: {{api}}\nHTTP 200\n```\n")
        #expect(hint.first?.description.contains("hint must be plain text") == true)
        let flag = errors("---\nid: l\n---\n```hurl {id=a isolation=perhaps}\nGET {{api}}/a\nHTTP 200\n```\n")
        #expect(flag.first?.description.contains("lab.md:4:25: 'isolation' is a flag: write it alone, or isolation=true or isolation=false") == true)
    }

    @Test func anErrorBodyIsNamedInsteadOfCounted() {
        let body = #"{"error":"AccessDeniedException","message":"User: x is not authorized"}"#
        let exchange = ExchangeSnapshot(status: 403, headers: [], body: Array(body.utf8), elapsed: .zero)
        #expect(exchange.errorSummary == "an AccessDeniedException error (HTTP 403): User: x is not authorized")
        let aws = ExchangeSnapshot(status: 400, headers: [], body: Array(#"{"__type":"com.amazonaws.dynamodb.v20120810#ResourceNotFoundException","message":"Requested resource not found"}"#.utf8), elapsed: .zero)
        #expect(aws.errorSummary == "a ResourceNotFoundException error (HTTP 400): Requested resource not found")
        #expect(ExchangeSnapshot(status: 200, headers: [], body: Array(body.utf8), elapsed: .zero).errorSummary == nil)
    }
}
