import Foundation
import SaaSLabCLI
import Testing

extension CourseLabRuns {
    /// The course's own labs through the commands participants and instructors use: `verify`
    /// (with the instructor's probes), `run` on the solution, and `--extra-labs`.
    @Suite struct CourseLabsTests {
        /// The package root: this file is `Tests/SaaSLabCLITests/CourseLabsTests.swift`.
        static let root = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

        private func run(_ arguments: [String]) async -> (code: Int32, out: String, err: String) {
            let console = Console.capturing(environment: ["NO_COLOR": "1"])
            let code = await SaaSLabCommandLine.run(arguments: arguments, console: console)
            return (code, console.capturedOutput, console.capturedError)
        }

        @Test func verifyPassesWithTheInstructorProbes() async {
            let result = await run(["verify", "--labs", Self.root + "/labs", "--extra-labs", Self.root + "/labs/instructor"])
            #expect(result.code == 0, "\(result.out)\(result.err)")
            #expect(result.out.contains("all 39 steps of 4 labs pass on solution; all 27 exercise steps fail on starter"))
        }

        @Test func theSolutionScoresOneHundred() async {
            let result = await run(["run", "--labs", Self.root + "/labs", "--workspace", Self.root + "/labs/solution", "--seed", "3"])
            #expect(result.code == 0, "\(result.out)\(result.err)")
            #expect(result.out.contains("Score 100/100 · 32 of 32 steps passed"))
        }

        @Test func hiddenProbesShowOnlyToInstructors() async {
            let arguments = ["run", "--labs", Self.root + "/labs", "--workspace", Self.root + "/labs/solution", "--seed", "3",
                             "--extra-labs", Self.root + "/labs/instructor"]
            let participant = await run(arguments)
            #expect(participant.code == 0)
            #expect(!participant.out.contains("An injected tenant id cannot delete"))
            let instructor = await run(arguments + ["--instructor"])
            #expect(instructor.out.contains("✔ An injected tenant id cannot delete another tenant's product  2/2  [exercise, isolation, hidden]"))
            #expect(instructor.out.contains("Score 110/110"))
        }

        @Test func anExtraLabWithACourseLabsIdIsRefused() async throws {
            let extra = FileManager.default.temporaryDirectory.appendingPathComponent("saaslab-extra-\(UUID().uuidString)").path
            try FileManager.default.createDirectory(atPath: extra, withIntermediateDirectories: true)
            try Data("---\nid: onboarding\n---\n```hurl {id=up}\nGET {{api}}/health\nHTTP 200\n```\n".utf8)
                .write(to: URL(fileURLWithPath: extra + "/clash.md"))
            let result = await run(["run", "--labs", Self.root + "/labs", "--extra-labs", extra])
            #expect(result.code == 2)
            #expect(result.err.contains("lab id 'onboarding' is already a course lab; give the extra lab another id"))
        }
    }
}
