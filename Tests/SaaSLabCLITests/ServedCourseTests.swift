import Foundation
import SaaSLabCLI
import Testing

extension CourseLabRuns {
    /// The course's labs against a `saaslab serve` process, as a participant runs them with
    /// `--target`: a seed must fix only the runner's own ids, never the signing clock.
    @Suite(.serialized) struct ServedCourseTests {
        @Test(.enabled(if: ServeProcessTests.binary != nil, "the saaslab executable is built beside the tests"))
        func theSolutionScoresOneHundredAgainstAServedBackendWithASeed() async throws {
            let served = try await ServeProcessTests.serve()
            defer { served.stop() }
            let root = CourseLabsTests.root
            let console = Console.capturing(environment: ["NO_COLOR": "1"])
            let code = await SaaSLabCommandLine.run(
                arguments: ["run", "--labs", root + "/labs", "--workspace", root + "/labs/solution", "--target", served.url, "--seed", "3"],
                console: console)
            #expect(code == 0, "\(console.capturedOutput)\(console.capturedError)")
            #expect(console.capturedOutput.contains("Score 100/100 · 32 of 32 steps passed"))
        }
    }
}
