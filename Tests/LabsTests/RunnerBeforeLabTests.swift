import Core
import HTTP
import Synchronization
import Testing
@testable import Labs

/// `LabRunner.beforeLab`: what the CLI prepares outside HTTP before a lab (a code-track
/// workspace's service) runs first, and a lab it cannot prepare errors instead of running.
@Suite struct RunnerBeforeLabTests {
    static func runner(_ hook: (@Sendable (Lab) async -> String?)?) -> LabRunner {
        LabRunner(client: InProcessClient(responder: testRouter()), configuration: .init(
            baseURL: "http://test.local", random: SeededRandomSource(seed: 7), clock: ManualClock(start: testDate)),
            beforeLab: hook)
    }

    static func lab(_ id: String) throws -> Lab {
        try Workbook.parseLab("---\nid: \(id)\ntitle: \(id)\n---\n"
            + block("id=one points=2 exercise", "GET {{api}}/items\nHTTP 200")
            + block("id=two points=3 needs=one", "GET {{api}}/items\nHTTP 200"), file: "\(id).md", variables: Workbook.builtinVariables)
    }

    @Test func theHookRunsOnceBeforeEachLabInOrder() async throws {
        let seen = Mutex<[String]>([])
        let result = await Self.runner { lab in
            seen.withLock { $0.append(lab.id) }
            return nil
        }.run([try Self.lab("a"), try Self.lab("b")])
        #expect(seen.withLock { $0 } == ["a", "b"])
        #expect(result.allSteps.allSatisfy { $0.status == .passed })
    }

    @Test func aLabTheHookCannotPrepareErrorsEveryStepWithItsReasonAndScoresNothing() async throws {
        let result = await Self.runner { lab in
            lab.id == "a" ? "the lab's service did not start: exited with status 3" : nil
        }.run([try Self.lab("a"), try Self.lab("b")])
        let failed = result.labs[0]
        #expect(failed.steps.map(\.status) == [.error, .error])
        #expect(failed.steps.allSatisfy { $0.message == "the lab's service did not start: exited with status 3" })
        #expect(failed.score == 0 && failed.maxScore == 5)
        #expect(failed.steps[0].isExercise)
        #expect(result.labs[1].score == 5, "the next lab runs as usual")
    }

    @Test func withoutAHookLabsRunAsBefore() async throws {
        let result = await Self.runner(nil).run([try Self.lab("a")])
        #expect(result.labs[0].score == 5)
    }
}
