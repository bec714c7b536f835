import Foundation
import Labs
import SaaSLabCLI
import Testing

/// `saaslab hint`: revealing levels one at a time, the record in the workspace, every refusal,
/// and what `run` then shows.
@Suite struct HintCommandTests {
    static let lab = """
    ---
    id: hints
    title: Hints
    ---
    ```hurl {id=three points=2 exercise hint="The concept" hint2="Where to look" hint3="Which field"}
    GET {{api}}/health
    HTTP 404
    ```
    ```hurl {id=one hint="The only level"}
    GET {{api}}/health
    HTTP 404
    ```
    ```hurl {id=bare}
    GET {{api}}/health
    HTTP 200
    ```
    ```hurl {id=secret-probe hidden hint="Hidden concept" hint2="Hidden place"}
    GET {{api}}/health
    HTTP 404
    ```

    """

    /// A folder with `labs/hints.md` and an empty workspace `ws/`.
    static func folder() throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("saaslab-hint-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir + "/labs", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: dir + "/ws", withIntermediateDirectories: true)
        try Data(lab.utf8).write(to: URL(fileURLWithPath: dir + "/labs/hints.md"))
        return dir
    }

    private func hint(_ dir: String, _ arguments: [String], workspace: Bool = true) async -> (code: Int32, out: String, err: String) {
        await SampleClass.run(["hint"] + arguments + ["--labs", dir + "/labs"] + (workspace ? ["--workspace", dir + "/ws"] : []))
    }

    private func record(_ dir: String) -> String {
        SampleClass.text(dir + "/ws/.saaslab/hints.json")
    }

    @Test func eachAskRevealsTheNextLevelAndRecordsIt() async throws {
        let dir = try Self.folder()
        let first = await hint(dir, ["hints", "three"])
        #expect(first.code == 0, "\(first.err)")
        #expect(first.out == """
            Hints / three
            Hint 1 of 3 (the concept): The concept
            Hint 2 of 3 (where to look): Where to look
            Revealed 2 of 3 levels (recorded in \(dir)/ws/.saaslab/hints.json). The next: saaslab hint hints three --workspace \(dir)/ws

            """)
        #expect(record(dir) == "{\n  \"version\": 1,\n  \"revealed\": {\n    \"hints/three\": 2\n  }\n}\n")

        let second = await hint(dir, ["hints", "three"])
        #expect(second.code == 0)
        #expect(second.out.contains("Hint 3 of 3 (which field): Which field\nThat was the last level: this step has no more hints (recorded in \(dir)/ws/.saaslab/hints.json).\n"), "\(second.out)")
        #expect(record(dir).contains("\"hints/three\": 3"))

        let third = await hint(dir, ["hints", "three"])
        #expect(third.code == 0)
        #expect(third.out.hasSuffix("Hint 3 of 3 (which field): Which field\nNo more hints: all 3 levels of this step are shown above.\n"), "\(third.out)")
        #expect(record(dir).contains("\"hints/three\": 3"))
    }

    @Test func levelRevealsUpToNAtOnceAndLevelOneIsFree() async throws {
        let dir = try Self.folder()
        let one = await hint(dir, ["hints", "three", "--level", "1"])
        #expect(one.code == 0, "\(one.err)")
        #expect(one.out.contains("Hint 1 of 3 (the concept): The concept\nRevealed 1 of 3 levels. The next: saaslab hint hints three --workspace \(dir)/ws\n"), "\(one.out)")
        #expect(!FileManager.default.fileExists(atPath: dir + "/ws/.saaslab"), "level 1 is what the report shows: nothing to record")

        let all = await hint(dir, ["hints", "three", "--level", "3"])
        #expect(all.code == 0)
        #expect(all.out.contains("Hint 2 of 3 (where to look)") && all.out.contains("Hint 3 of 3 (which field)"))
        #expect(record(dir).contains("\"hints/three\": 3"))
        // Asking for less later keeps the record at its highest.
        _ = await hint(dir, ["hints", "three", "--level", "2"])
        #expect(record(dir).contains("\"hints/three\": 3"))

        let single = await hint(dir, ["hints", "one"])
        #expect(single.out.hasSuffix("Hint 1 of 1 (the concept): The only level\nNo more hints: this step's only level is shown above.\n"), "\(single.out)")
    }

    @Test func withoutAWorkspaceNothingIsRecorded() async throws {
        let dir = try Self.folder()
        let shown = await hint(dir, ["hints", "three"], workspace: false)
        #expect(shown.code == 0, "\(shown.err)")
        #expect(shown.out.contains("Revealed 2 of 3 levels (not recorded: name your workspace with --workspace DIR to keep them with your work)"))
        #expect(!FileManager.default.fileExists(atPath: dir + "/ws/.saaslab"))
        #expect((await hint(dir, ["hints", "three"], workspace: false)).out == shown.out, "the same levels every time")
    }

    @Test func aLabFilePathWorksAsItDoesForRun() async throws {
        let dir = try Self.folder()
        let shown = await SampleClass.run(["hint", dir + "/labs/hints.md", "three", "-w", dir + "/ws"])
        #expect(shown.code == 0, "\(shown.err)")
        #expect(record(dir).contains("\"hints/three\": 2"))
    }

    @Test func anUnknownLabOrStepGetsADidYouMean() async throws {
        let dir = try Self.folder()
        let lab = await hint(dir, ["hint", "three"])
        #expect(lab.code == 64)
        #expect(lab.err.hasPrefix("error: no lab with id 'hint'; did you mean 'hints'? (labs in \(dir)/labs: hints)\n"), "\(lab.err)")
        #expect(lab.err.contains("Usage: see 'saaslab help hint'"))
        let step = await hint(dir, ["hints", "thre"])
        #expect(step.code == 64)
        #expect(step.err.hasPrefix("error: lab 'hints' has no step 'thre'; did you mean 'three'? (its steps: three, one, bare)\n"), "\(step.err)")
        #expect(lab.out.isEmpty && step.out.isEmpty)
    }

    @Test func aHiddenStepLooksExactlyLikeAnUnknownOne() async throws {
        let dir = try Self.folder()
        for level in [[], ["--level", "2"]] {
            let hidden = await hint(dir, ["hints", "secret-probe"] + level)
            let unknown = await hint(dir, ["hints", "nothing-here"] + level)
            #expect(hidden.code == 64 && unknown.code == 64)
            #expect(hidden.err == unknown.err.replacingOccurrences(of: "nothing-here", with: "secret-probe"), "\(hidden.err)")
            #expect(hidden.out.isEmpty)
            #expect(!hidden.err.contains("Hidden"))
        }
        // Nor is it ever suggested.
        let near = await hint(dir, ["hints", "secret-prob"])
        #expect(near.err.hasPrefix("error: lab 'hints' has no step 'secret-prob' (its steps: three, one, bare)\n"), "\(near.err)")
        #expect(!FileManager.default.fileExists(atPath: dir + "/ws/.saaslab"))
    }

    @Test func aStepWithoutHintsOrALevelOutOfRangeIsRefused() async throws {
        let dir = try Self.folder()
        let bare = await hint(dir, ["hints", "bare"])
        #expect(bare.code == 64)
        #expect(bare.err.hasPrefix("error: step 'bare' of lab 'hints' has no hints; 'saaslab show hints' says what it checks\n"), "\(bare.err)")
        let beyond = await hint(dir, ["hints", "one", "--level", "2"])
        #expect(beyond.code == 64)
        #expect(beyond.err.hasPrefix("error: step 'one' of lab 'hints' has 1 hint level; --level expects 1, got 2\n"), "\(beyond.err)")
        for bad in ["0", "4", "two", "-1"] {
            let refused = await hint(dir, ["hints", "three", "--level=\(bad)"])
            #expect(refused.code == 64, "\(bad)")
            #expect(refused.err.hasPrefix("error: --level expects a whole number from 1 to 3, got '\(bad)'"), "\(refused.err)")
        }
        #expect((await SampleClass.run(["hint", "hints"])).code == 64)
        #expect(!FileManager.default.fileExists(atPath: dir + "/ws/.saaslab"))
    }

    @Test func aWorkspaceThatIsMissingOrAFileIsRefused() async throws {
        let dir = try Self.folder()
        let missing = await SampleClass.run(["hint", "hints", "three", "--labs", dir + "/labs", "--workspace", dir + "/none"])
        #expect(missing.code == 2)
        #expect(missing.err == "error: workspace \(dir)/none does not exist; create one with 'saaslab init \(dir)/none'\n")
        try Data("x".utf8).write(to: URL(fileURLWithPath: dir + "/file"))
        let file = await SampleClass.run(["hint", "hints", "three", "--labs", dir + "/labs", "--workspace", dir + "/file"])
        #expect(file.code == 2)
        #expect(file.err.contains("is a file; --workspace expects a folder"))
        #expect(missing.out.isEmpty && file.out.isEmpty, "nothing revealed unrecorded")
    }

    @Test(arguments: [
        ("{\"version\": 1, \"revealed\": {\"hints/three\": ", "is not JSON (line 1, column"),
        ("[]", "is a JSON array"),
        ("{\"version\": 7, \"revealed\": {}}", "this saaslab reads version 1"),
        ("{\"version\": 1, \"revealed\": {\"hints/three\": 9}}", "the level 9"),
    ])
    func aCorruptRecordIsRefusedAndLeftAsItWas(text: String, expected: String) async throws {
        let dir = try Self.folder()
        try FileManager.default.createDirectory(atPath: dir + "/ws/.saaslab", withIntermediateDirectories: true)
        try Data(text.utf8).write(to: URL(fileURLWithPath: dir + "/ws/.saaslab/hints.json"))
        let refused = await hint(dir, ["hints", "three"])
        #expect(refused.code == 2)
        #expect(refused.err.hasPrefix("error: \(dir)/ws/.saaslab/hints.json "), "\(refused.err)")
        #expect(refused.err.contains(expected), "\(refused.err)")
        #expect(refused.err.contains("fix it, or delete it to start the record afresh"))
        #expect(refused.out.isEmpty)
        #expect(record(dir) == text)
    }

    @Test func whereTheRecordCannotBeWrittenNothingIsRevealed() async throws {
        let dir = try Self.folder()
        try Data("not a folder".utf8).write(to: URL(fileURLWithPath: dir + "/ws/.saaslab"))
        let refused = await hint(dir, ["hints", "three"])
        #expect(refused.code == 2)
        #expect(refused.err.contains("\(dir)/ws/.saaslab is not a folder"), "\(refused.err)")
        #expect(refused.out.isEmpty, "a level is never shown without being recorded")
    }

    @Test(.enabled(if: getuid() != 0, "root may write anywhere"))
    func anUnwritableWorkspaceIsRefused() async throws {
        let dir = try Self.folder()
        try FileManager.default.setAttributes([.posixPermissions: 0o500], ofItemAtPath: dir + "/ws")
        defer { try? FileManager.default.setAttributes([.posixPermissions: 0o700], ofItemAtPath: dir + "/ws") }
        let refused = await hint(dir, ["hints", "three"])
        #expect(refused.code == 73)
        #expect(refused.err.contains("cannot be written"), "\(refused.err)")
        #expect(refused.out.isEmpty)
    }

    @Test func runShowsTheRevealedLevelsUnderAFailedStep() async throws {
        let dir = try Self.folder()
        _ = await hint(dir, ["hints", "three"])
        let run = await SampleClass.run(["run", "--labs", dir + "/labs", "--workspace", dir + "/ws", "--seed", "1"])
        #expect(run.code == 1)
        #expect(run.out.contains("hint: The concept\n      hint 2 (where to look): Where to look\n"), "\(run.out)")
        #expect(!run.out.contains("Which field"))
        #expect(!run.out.contains("Hidden"))
        let json = await SampleClass.run(["run", "--labs", dir + "/labs", "--workspace", dir + "/ws", "--seed", "1", "--format", "json"])
        #expect(json.out.contains("\"hints\": [\n            \"The concept\",\n            \"Where to look\"\n          ]"), "\(json.out)")
        // Without the workspace, or before anything was revealed, the report is as before.
        let without = await SampleClass.run(["run", "--labs", dir + "/labs", "--seed", "1", "--format", "json"])
        #expect(!without.out.contains("\"hints\": ["))
    }

    @Test func runWithACorruptRecordWarnsAndReportsTheFirstLevelOnly() async throws {
        let dir = try Self.folder()
        try FileManager.default.createDirectory(atPath: dir + "/ws/.saaslab", withIntermediateDirectories: true)
        try Data("{{{".utf8).write(to: URL(fileURLWithPath: dir + "/ws/.saaslab/hints.json"))
        let run = await SampleClass.run(["run", "--labs", dir + "/labs", "--workspace", dir + "/ws", "--seed", "1"])
        #expect(run.code == 1, "a step failed; the record does not change the run's outcome")
        #expect(run.err.hasPrefix("warning: \(dir)/ws/.saaslab/hints.json is not JSON"), "\(run.err)")
        #expect(run.err.contains("the report shows each step's first hint only"))
        #expect(run.out.contains("hint: The concept\n"))
        #expect(!run.out.contains("hint 2"))
    }

    @Test func helpListsTheCommand() async {
        let overview = await SampleClass.run(["--help"])
        #expect(overview.out.contains("  hint "), "\(overview.out)")
        let help = await SampleClass.run(["help", "hint"])
        #expect(help.code == 0)
        #expect(help.out.contains("USAGE: saaslab hint [options] <lab> <step>"))
        #expect(help.out.contains("--level <n>"))
    }
}
