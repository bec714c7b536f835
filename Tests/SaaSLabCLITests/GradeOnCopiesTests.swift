import Foundation
import SaaSLabCLI
import Testing

extension CourseLabRuns {
    /// `grade` runs every participant on a copy of one bootstrapped backend; with a seed, each
    /// participant's report is byte for byte what `run` gives on a backend of its own.
    @Suite struct GradeOnCopiesTests {
        static let root = CourseLabsTests.root

        private func run(_ arguments: [String]) async -> (code: Int32, out: String, err: String) {
            let console = Console.capturing(environment: ["NO_COLOR": "1"])
            let code = await SaaSLabCommandLine.run(arguments: arguments, console: console)
            return (code, console.capturedOutput, console.capturedError)
        }

        @Test func gradedReportsEqualRunsOnFreshBackends() async throws {
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("saaslab-copies-\(UUID().uuidString)").path
            defer { try? FileManager.default.removeItem(atPath: folder) }
            try FileManager.default.createDirectory(atPath: folder + "/subs", withIntermediateDirectories: true)
            for (name, workspace) in [("a-solution", "solution"), ("b-starter", "starter"), ("c-solution", "solution")] {
                try FileManager.default.copyItem(atPath: Self.root + "/labs/" + workspace, toPath: folder + "/subs/" + name)
            }
            let graded = await run(["grade", folder + "/subs", "--labs", Self.root + "/labs", "--out", folder + "/out", "--seed", "1"])
            #expect(graded.code == 0, "\(graded.err)")

            for (name, workspace) in [("a-solution", "solution"), ("b-starter", "starter"), ("c-solution", "solution")] {
                let alone = await run([
                    "run", "--labs", Self.root + "/labs", "--workspace", Self.root + "/labs/" + workspace, "--seed", "1", "--format", "json",
                ])
                let report = try String(contentsOfFile: folder + "/out/participants/\(name).json", encoding: .utf8)
                #expect(report == alone.out, "\(name)'s graded report differs from its own run")
            }
            // The starter's report names tenants by their seeded ids, so equal reports mean the
            // copies drew the same randomness a fresh backend would have.
            let starter = try String(contentsOfFile: folder + "/out/participants/b-starter.json", encoding: .utf8)
            #expect(starter.contains("TENANT"))
        }
    }
}
