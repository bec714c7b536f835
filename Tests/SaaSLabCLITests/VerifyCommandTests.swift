import Foundation
import SaaSLabCLI
import Testing

/// `saaslab verify` over a generated lab with starter and solution workspaces.
@Suite struct VerifyCommandTests {
    /// A labs folder with the sample lab; the starter names the wrong table, the solution
    /// the right one, unless told otherwise.
    private func labs(starter: String = "ChangeMe", solution: String? = "Product") throws -> String {
        let dir = try SampleClass.folder()
        try SampleClass.write(SampleClass.table(starter), to: dir + "/labs/starter/lab1/table.json")
        if let solution {
            try SampleClass.write(SampleClass.table(solution), to: dir + "/labs/solution/lab1/table.json")
        } else {
            try FileManager.default.createDirectory(atPath: dir + "/labs/solution", withIntermediateDirectories: true)
        }
        return dir + "/labs"
    }

    @Test func passesWhenSolutionPassesAndStarterFailsExercises() async throws {
        let result = await SampleClass.run(["verify", "--labs", try labs()])
        #expect(result.code == 0, "\(result.out)\(result.err)")
        #expect(result.out.contains("all 2 steps of 1 labs pass on solution; all 1 exercise steps fail on starter"))
    }

    @Test func namesAnExerciseThatPassesOnTheStarter() async throws {
        let result = await SampleClass.run(["verify", "--labs", try labs(starter: "Product")])
        #expect(result.code == 1)
        #expect(result.out.contains("✘ starter: tables/create: exercise step passed on the starter"))
        #expect(!result.out.contains("solution:"))
    }

    @Test func namesASolutionStepThatDoesNotPass() async throws {
        let result = await SampleClass.run(["verify", "--labs", try labs(solution: nil)])
        #expect(result.code == 1)
        #expect(result.out.contains("✘ solution: tables/create: error on the solution"))
        #expect(result.out.contains("is missing from the workspace"))
        #expect(result.out.contains("1 surprise over 1 labs, 2 steps"))
    }

    @Test func missingWorkspacesOrLabsExitTwo() async throws {
        let dir = try SampleClass.folder()
        let result = await SampleClass.run(["verify", "--labs", dir + "/labs"])
        #expect(result.code == 2)
        #expect(result.err.contains("no workspace at"))
        #expect(await SampleClass.run(["verify", "--labs", dir + "/none"]).code == 2)
    }
}
