import Core
import Foundation
import Labs
import SaaSLabCLI
import Testing

/// `grade` counts the hints each participant revealed, and with `--hint-penalty` deducts for them.
@Suite struct GradeHintsTests {
    static let lab = """
    ---
    id: hints
    title: Hints
    ---
    ```hurl {id=pass points=3 exercise hint="c" hint2="w" hint3="f"}
    GET {{api}}/health
    HTTP 200
    ```
    ```hurl {id=fail points=2 exercise hint="c2" hint2="w2"}
    GET {{api}}/health
    HTTP 404
    ```
    ```hurl {id=probe points=1 hidden hint="h" hint2="h2"}
    GET {{api}}/health
    HTTP 200
    ```

    """

    /// A class of four: no record, hints on both steps, a corrupt record, a record naming only
    /// a hidden step and unknown ones.
    static func folder() throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("saaslab-grade-hints-\(UUID().uuidString)").path
        try SampleClass.write(lab, to: dir + "/labs/hints.md")
        try FileManager.default.createDirectory(atPath: dir + "/subs/a-none", withIntermediateDirectories: true)
        try SampleClass.write(#"{"version": 1, "revealed": {"hints/pass": 3, "hints/fail": 2}}"#, to: dir + "/subs/b-used/.saaslab/hints.json")
        try SampleClass.write("{oops", to: dir + "/subs/c-corrupt/.saaslab/hints.json")
        try SampleClass.write(#"{"version": 1, "revealed": {"hints/probe": 2, "other/x": 3, "hints/gone": 3}}"#, to: dir + "/subs/d-hidden/.saaslab/hints.json")
        return dir
    }

    private func grade(_ dir: String, _ extra: [String] = [], out: String = "out") async -> (code: Int32, out: String, err: String) {
        await SampleClass.run(["grade", dir + "/subs", "--labs", dir + "/labs", "--out", dir + "/" + out, "--seed", "1"] + extra)
    }

    @Test func theGradebookCountsHintsUsedWithoutTakingPoints() async throws {
        let dir = try Self.folder()
        let graded = await grade(dir)
        #expect(graded.code == 0, "\(graded.err)")
        let records = GradebookCSV.parse(SampleClass.text(dir + "/out/gradebook.csv"))
        #expect(records[0] == ["participant", "hints", "score", "max_score", "status", "track", "hints_used", "error"])
        #expect(records[1] == ["a-none", "4", "4", "6", "failed", "settings", "0", ""])
        #expect(records[2] == ["b-used", "4", "4", "6", "failed", "settings", "3", ""], "a record, not a penalty")
        #expect(records[3] == ["c-corrupt", "4", "4", "6", "failed", "settings", "", ""])
        #expect(records[4] == ["d-hidden", "4", "4", "6", "failed", "settings", "0", ""])

        let json = try JSON.parse(SampleClass.text(dir + "/out/gradebook.json"))
        #expect(json["hint_penalty"] == nil)
        let used = json["participants"]?[1]
        #expect(used?["hints_used"]?.intValue == 3)
        #expect(used?["hints"] == .array([
            .object(["lab": "hints", "step": "pass", "levels": 2]), .object(["lab": "hints", "step": "fail", "levels": 1]),
        ]))
        #expect(used?["hint_penalty"] == nil)
        let corrupt = json["participants"]?[2]
        #expect(corrupt?["hints_used"] == .null)
        #expect(corrupt?["hints_problem"]?.stringValue?.hasPrefix(".saaslab/hints.json is not JSON (line 1, column 2: ") == true,
                "named relative to the workspace: \(corrupt?["hints_problem"]?.stringValue ?? "none")")

        let html = SampleClass.text(dir + "/out/gradebook.html")
        #expect(html.contains("<th title=\"hint levels revealed beyond the first\">hints used</th>"))
        #expect(html.contains("<td title=\"hints/pass: 2, hints/fail: 1\">3</td>"), "\(html)")
        #expect(html.contains("unreadable record: "))
        #expect(!html.contains("Hint penalty"))

        // The participant's own report shows what they revealed under the failed step.
        let report = try JSON.parse(SampleClass.text(dir + "/out/participants/b-used.json"))
        #expect(report["labs"]?[0]?["steps"]?[1]?["hints"] == .array(["c2", "w2"]))
        #expect(report["labs"]?[0]?["steps"]?[0]?["hints"] == nil, "a passed step shows no hint")
    }

    @Test func aHintPenaltyTakesFromPassedStepsAndShowsEverywhere() async throws {
        let dir = try Self.folder()
        let graded = await grade(dir, ["--hint-penalty", "1"])
        #expect(graded.code == 0, "\(graded.err)")
        let records = GradebookCSV.parse(SampleClass.text(dir + "/out/gradebook.csv"))
        #expect(records[0] == ["participant", "hints", "score", "max_score", "status", "track", "hints_used", "hint_penalty", "error"])
        #expect(records[1] == ["a-none", "4", "4", "6", "failed", "settings", "0", "0", ""])
        // Two levels beyond the first on the passed step cost 2 of its 3 points; the failed
        // step's level costs nothing, it scored nothing.
        #expect(records[2] == ["b-used", "2", "2", "6", "failed", "settings", "3", "2", ""])
        #expect(records[3] == ["c-corrupt", "4", "4", "6", "failed", "settings", "", "0", ""])

        let json = try JSON.parse(SampleClass.text(dir + "/out/gradebook.json"))
        #expect(json["hint_penalty"]?.intValue == 1)
        #expect(json["participants"]?[1]?["hint_penalty"]?.intValue == 2)
        #expect(json["participants"]?[1]?["hints"]?[0]?["penalty"]?.intValue == 2)
        #expect(json["participants"]?[1]?["hints"]?[1]?["penalty"]?.intValue == 0)
        let html = SampleClass.text(dir + "/out/gradebook.html")
        #expect(html.contains("<p>Hint penalty: 1 point off a passed step per hint level revealed beyond the first.</p>"))
        #expect(html.contains(">3 (−2 pts)</td>"))
        let report = try JSON.parse(SampleClass.text(dir + "/out/participants/b-used.json"))
        #expect(report["labs"]?[0]?["steps"]?[0]?["points"]?.intValue == 1)
        #expect(report["labs"]?[0]?["steps"]?[0]?["hint_penalty"]?.intValue == 2)

        // Never below 0.
        let heavy = await grade(dir, ["--hint-penalty", "50"], out: "heavy")
        #expect(heavy.code == 0)
        #expect(GradebookCSV.parse(SampleClass.text(dir + "/heavy/gradebook.csv"))[2] == ["b-used", "1", "1", "6", "failed", "settings", "3", "3", ""])

        for bad in ["-1", "x", "1.5"] {
            let refused = await grade(dir, ["--hint-penalty=\(bad)"], out: "bad")
            #expect(refused.code == 64, "\(bad)")
            #expect(refused.err.contains("--hint-penalty expects a whole number from 0 to 1000000"), "\(refused.err)")
        }
    }

    @Test func shardsMergeWithTheirPenaltyAndRefuseADifferentOne() async throws {
        let dir = try Self.folder()
        #expect(await grade(dir, ["--hint-penalty", "1"]).code == 0)
        #expect(await grade(dir, ["--hint-penalty", "1", "--shard", "1/2"], out: "s1").code == 0)
        #expect(await grade(dir, ["--hint-penalty", "1", "--shard", "2/2"], out: "s2").code == 0)
        let merged = await SampleClass.run(["merge", dir + "/s1", dir + "/s2", "--out", dir + "/merged"])
        #expect(merged.code == 0, "\(merged.err)")
        for file in ["gradebook.csv", "gradebook.json", "gradebook.html"] {
            #expect(SampleClass.text(dir + "/merged/" + file) == SampleClass.text(dir + "/out/" + file), "\(file)")
        }
        #expect(await grade(dir, ["--shard", "2/2"], out: "plain").code == 0)
        let mismatched = await SampleClass.run(["merge", dir + "/s1", dir + "/plain", "--out", dir + "/m2"])
        #expect(mismatched.code == 2)
        #expect(mismatched.err.contains("mismatched hint penalties: \(dir)/s1 was graded with --hint-penalty 1 but \(dir)/plain without --hint-penalty"), "\(mismatched.err)")
    }
}
