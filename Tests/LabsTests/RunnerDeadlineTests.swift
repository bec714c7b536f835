import Foundation
import Testing
@testable import Labs

/// The step deadline covers the whole entry: a catastrophic regex cannot hang a run.
@Suite struct RunnerDeadlineTests {
    /// `/^(a+)+$/` on `aaaa…!` backtracks exponentially: 16 letters take about a second in a
    /// debug build, far past the step's timeout, yet few enough that the abandoned threads end
    /// soon after the test instead of slowing the rest of the suite.
    private let redos = block("id=redos timeout=300ms", """
    GET {{api}}/items
    [Options]
    variable: s=aaaaaaaaaaaaaaaa!
    HTTP 200
    [Asserts]
    variable "s" matches /^(a+)+$/
    """)

    @Test func aCatastrophicRegexEndsAtTheStepTimeout() async throws {
        let started = ContinuousClock.now
        let lab = try await runLab(redos + block("id=after", "GET {{api}}/items\nHTTP 200"))
        // Generous bound: the point is that the run ends at all, not how fast a loaded machine is.
        #expect(ContinuousClock.now - started < .seconds(30))
        #expect(lab.steps[0].status == .error)
        #expect(lab.steps[0].message?.contains("timed out after 300 ms") == true, "\(lab.steps[0].message ?? "")")
        // The next step runs normally: the abandoned check does not hold the runner.
        #expect(lab.steps[1].status == .passed)
    }

    @Test func severalStuckRunsAtOnceStillEndInTime() async throws {
        // As many stuck checks as the cooperative pool has threads: checks run on their own
        // threads, so none may starve another or the runner.
        let started = ContinuousClock.now
        let statuses = try await withThrowingTaskGroup(of: StepStatus.self) { group in
            for _ in 0..<ProcessInfo.processInfo.activeProcessorCount {
                group.addTask { try await runLab(redos).steps[0].status }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(statuses.allSatisfy { $0 == .error })
        #expect(ContinuousClock.now - started < .seconds(30))
    }

    @Test func aRegexSearchesAtMost64KiB() async throws {
        let long = String(repeating: "a", count: 70_000)
        let lab = try await runLab(block("id=big", """
        POST {{api}}/echo
        `\(long)`
        HTTP 201
        [Asserts]
        jsonpath "$.body" matches /^a+$/
        """))
        #expect(lab.steps[0].status == .failed)
        #expect(lab.steps[0].failures.first?.actual.contains("a regex searches at most 64 KiB") == true,
                "\(lab.steps[0].failures)")
    }
}
