import Foundation
import SaaSLabCLI
import Testing

/// `saaslab run`'s checks of its own inputs, and what participants may see of hidden steps.
@Suite struct RunCommandInputTests {
    private func run(_ arguments: [String]) async -> (code: Int32, out: String, err: String) {
        let console = Console.capturing(environment: ["NO_COLOR": "1"])
        let code = await SaaSLabCommandLine.run(arguments: arguments, console: console)
        return (code, console.capturedOutput, console.capturedError)
    }

    private func folder(_ lab: String) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("saaslab-input-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir + "/labs", withIntermediateDirectories: true)
        try Data(lab.utf8).write(to: URL(fileURLWithPath: dir + "/labs/health.md"))
        return dir
    }

    @Test func anInvalidTargetIsAUsageError() async throws {
        for target in ["http://", "http://host:notaport", "ftp://x"] {
            let result = await run(["run", "--target", target])
            #expect(result.code == 64, "\(target): \(result.err)")
            #expect(result.err.contains("--target expects a URL"))
        }
    }

    private let health = "---\nid: health\n---\n```hurl {id=up}\nGET {{api}}/health\nHTTP 200\n```\n"

    @Test func outputDashIsStandardOutput() async throws {
        let dir = try folder(health)
        let result = await run(["run", "--labs", dir + "/labs", "--seed", "1", "--output", "-"])
        #expect(result.code == 0, "\(result.err)")
        #expect(result.out.contains("✔ up"))
        let json = await run(["run", "--labs", dir + "/labs", "--seed", "1", "-o", "-", "--format", "json"])
        #expect(json.out.contains(#""score": 1"#))
        let inline = await run(["run", "--labs", dir + "/labs", "--seed", "1", "--output=-"])
        #expect(inline.out == result.out)
        #expect(!FileManager.default.fileExists(atPath: "-"), "no file named '-' is written")
    }

    @Test func outputToAFileWritesOnlyThere() async throws {
        let dir = try folder(health)
        let result = await run(["run", "--labs", dir + "/labs", "--seed", "1", "--output", dir + "/report.txt"])
        #expect(result.code == 0)
        #expect(result.out.isEmpty)
        #expect(try String(contentsOfFile: dir + "/report.txt", encoding: .utf8).contains("✔ up"))
        let unwritable = await run(["run", "--labs", dir + "/labs", "--output", dir + "/no/such/folder/report.txt"])
        #expect(unwritable.code == 73)
        #expect(unwritable.err.contains("error: cannot write the report to \(dir)/no/such/folder/report.txt"))
    }

    @Test func theGradebookCannotGoToStandardOutput() async throws {
        for arguments in [["grade", "submissions", "--out", "-"], ["merge", "shard-1", "--out", "-"]] {
            let result = await run(arguments)
            #expect(result.code == 64, "\(arguments)")
            #expect(result.err.contains("--out expects a folder: the gradebook is several files, so it cannot go to standard output ('-')"))
        }
    }

    @Test func aWorkspaceThatIsAFileExitsTwo() async throws {
        let dir = try folder("---\nid: health\n---\n```hurl {id=up}\nGET {{api}}/health\nHTTP 200\n```\n")
        let result = await run(["run", "--labs", dir + "/labs", "--workspace", dir + "/labs/health.md"])
        #expect(result.code == 2)
        #expect(result.err.contains("is a file; --workspace expects a folder"), "\(result.err)")
    }

    /// The one rule for workspaces: a workspace that cannot be read at all exits 2; a file in it
    /// that is not what its step needs (here, not JSON) is that step's error, and the run exits 1
    /// with the file, line and column, and what to do.
    @Test func aWorkspaceFileThatIsNotJSONExitsOneAndAMissingWorkspaceTwo() async throws {
        let dir = try folder("""
        ---
        id: health
        ---
        ```hurl {id=send-answer}
        POST {{api}}/health
        Content-Type: application/json
        file,lab1/answer.json;
        HTTP *
        ```
        """)
        try FileManager.default.createDirectory(atPath: dir + "/workspace/lab1", withIntermediateDirectories: true)
        try Data("{\n  \"TableName\": \"ProductBootcamp\",\n  \"KeySchema\": [\n}\n".utf8).write(to: URL(fileURLWithPath: dir + "/workspace/lab1/answer.json"))
        let malformed = await run(["run", "--labs", dir + "/labs", "--seed", "1", "--workspace", dir + "/workspace"])
        #expect(malformed.code == 1, "\(malformed.err)")
        #expect(malformed.out.contains("workspace file lab1/answer.json:4:1: not JSON: "), "\(malformed.out)")
        #expect(malformed.out.contains("; fix the file and run again"), "\(malformed.out)")

        let missing = await run(["run", "--labs", dir + "/labs", "--seed", "1", "--workspace", dir + "/no-such-workspace"])
        #expect(missing.code == 2, "\(missing.err)")
        #expect(missing.err == "error: workspace \(dir)/no-such-workspace does not exist; create one with 'saaslab init \(dir)/no-such-workspace'\n", "\(missing.err)")
        #expect(missing.out.isEmpty)
    }

    @Test func aSkipBecauseOfAHiddenStepDoesNotNameIt() async throws {
        let dir = try folder("""
        ---
        id: health
        ---
        ```hurl {id=secret-check hidden}
        GET {{api}}/health
        HTTP 404
        ```
        ```hurl {id=next needs=secret-check}
        GET {{api}}/health
        HTTP 200
        ```

        """)
        let participant = await run(["run", "--labs", dir + "/labs", "--seed", "1", "--format", "json"])
        #expect(participant.out.contains("needs a hidden step, which did not pass"), "\(participant.out)")
        #expect(!participant.out.contains("needs step 'secret-check'"))
        let instructor = await run(["run", "--labs", dir + "/labs", "--seed", "1", "--instructor"])
        #expect(instructor.out.contains("needs step 'secret-check'"), "\(instructor.out)")
    }
}
