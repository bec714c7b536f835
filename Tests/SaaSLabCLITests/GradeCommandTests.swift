import Foundation
import Labs
import SaaSLabCLI
import Testing

/// A tiny class for `grade`, `merge`, `verify` and their tests: one lab whose exercise sends
/// the participant's `lab1/table.json` as a DynamoDB CreateTable request.
enum SampleClass {
    static let lab = """
    ---
    id: tables
    title: Tables
    ---
    Create the Product table from `lab1/table.json`.
    ```hurl {id=create points=3 exercise hint="Name the table Product"}
    POST {{api}}/
    X-Amz-Target: DynamoDB_20120810.CreateTable
    Content-Type: application/x-amz-json-1.0
    [Options]
    aws-sigv4: aws:amz:{{region}}:dynamodb
    user: {{operator_access_key_id}}:{{operator_secret_access_key}}
    file,lab1/table.json;
    HTTP 200
    [Asserts]
    jsonpath "$.TableDescription.TableName" == "Product"
    ```
    ```hurl {id=health points=1}
    GET {{api}}/health
    HTTP 200
    ```

    """

    static func table(_ name: String) -> String {
        #"{"TableName":"\#(name)","BillingMode":"PAY_PER_REQUEST","KeySchema":[{"AttributeName":"tenant_id","KeyType":"HASH"}],"AttributeDefinitions":[{"AttributeName":"tenant_id","AttributeType":"S"}]}"#
    }

    /// A fresh folder holding `labs/tables.md`.
    static func folder() throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("saaslab-grade-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir + "/labs", withIntermediateDirectories: true)
        try write(lab, to: dir + "/labs/tables.md")
        return dir
    }

    static func write(_ text: String, to path: String) throws {
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    }

    /// `count` participants under `dir/subs`; returns how many are broken. Every tenth kind:
    /// 0-5 correct, 6 wrong table name, 7 missing file, 8 a `..` link escaping, 9 a link to
    /// an absolute path outside; plus one unreadable folder and one binary file.
    static func submissions(_ count: Int, in dir: String) throws -> Int {
        try write("secret", to: dir + "/outside.json")
        var broken = 0
        for index in 0..<count {
            let folder = dir + "/subs/p\(String(format: "%03d", index))"
            let file = folder + "/lab1/table.json"
            try FileManager.default.createDirectory(atPath: folder + "/lab1", withIntermediateDirectories: true)
            switch index % 10 {
            case 6: try write(table("Order"), to: file)
            case 7: broken += 1
            case 8: try FileManager.default.createSymbolicLink(atPath: file, withDestinationPath: "../../../outside.json"); broken += 1
            case 9: try FileManager.default.createSymbolicLink(atPath: file, withDestinationPath: dir + "/outside.json"); broken += 1
            default: try write(table("Product"), to: file)
            }
        }
        try FileManager.default.createDirectory(atPath: dir + "/subs/x-unreadable", withIntermediateDirectories: true)
        try FileManager.default.setAttributes([.posixPermissions: 0], ofItemAtPath: dir + "/subs/x-unreadable")
        try write("\u{0}\u{1}garbage", to: dir + "/subs/y-binary/lab1/table.json")
        return broken + 2
    }

    static func run(_ arguments: [String]) async -> (code: Int32, out: String, err: String) {
        let console = Console.capturing(environment: ["NO_COLOR": "1"])
        let code = await SaaSLabCommandLine.run(arguments: arguments, console: console)
        return (code, console.capturedOutput, console.capturedError)
    }

    static func text(_ path: String) -> String {
        FileManager.default.contents(atPath: path).flatMap { String(data: $0, encoding: .utf8) } ?? ""
    }
}

@Suite struct GradeCommandTests {
    @Test func gradesTwoHundredSubmissionsWithOneErrorRowPerBrokenOne() async throws {
        let dir = try SampleClass.folder()
        let broken = try SampleClass.submissions(200, in: dir)
        let result = await SampleClass.run(["grade", dir + "/subs", "--labs", dir + "/labs", "--out", dir + "/out", "--seed", "1", "--timeout", "60"])
        #expect(result.code == 0, "\(result.err)")
        #expect(result.out.contains("graded 202 participants: 120 with full marks, 20 partial, 0 with 0 points, 62 errors;"), "\(result.out)")

        let records = GradebookCSV.parse(SampleClass.text(dir + "/out/gradebook.csv"))
        #expect(records.first == ["participant", "tables", "score", "max_score", "status", "track", "hints_used", "error"])
        #expect(records.count == 203)
        #expect(records.allSatisfy { $0.count == 8 })
        let errors = records.dropFirst().filter { $0[4] == "error" }
        #expect(errors.count == broken)
        #expect(errors.allSatisfy { !$0[7].isEmpty })
        #expect(records[1] == ["p000", "4", "4", "4", "passed", "settings", "0", ""])
        #expect(records[7] == ["p006", "1", "1", "4", "failed", "settings", "0", ""])
        #expect(records[9][7].contains("leaves the workspace"))
        #expect(records[10][7].contains("leaves the workspace"))
        #expect(records.last?[7].contains("not text") == true)
        #expect(records.last?[6] == "", "a submission refused before it ran has no record read")

        let json = try JSONSerialization.jsonObject(with: Data(SampleClass.text(dir + "/out/gradebook.json").utf8)) as? [String: Any]
        #expect((json?["participants"] as? [Any])?.count == 202)
        let html = SampleClass.text(dir + "/out/gradebook.html")
        #expect(html.contains("<table>") && html.contains("<svg") && html.contains("p199"))
        let report = try JSONSerialization.jsonObject(with: Data(SampleClass.text(dir + "/out/participants/p000.json").utf8)) as? [String: Any]
        #expect(report?["score"] as? Int == 4)
        #expect(FileManager.default.fileExists(atPath: dir + "/out/participants/x-unreadable.json"))
    }

    @Test func aZeroIsNotPartialAndOneErrorIsOne() async throws {
        let dir = try SampleClass.folder()
        // Only the exercise: a wrong table scores 0.
        try SampleClass.write(SampleClass.lab.components(separatedBy: "```hurl {id=health")[0], to: dir + "/labs/tables.md")
        try SampleClass.write(SampleClass.table("Product"), to: dir + "/subs/right/lab1/table.json")
        try SampleClass.write(SampleClass.table("Order"), to: dir + "/subs/wrong/lab1/table.json")
        try FileManager.default.createDirectory(atPath: dir + "/subs/empty", withIntermediateDirectories: true)
        let result = await SampleClass.run(["grade", dir + "/subs", "--labs", dir + "/labs", "--out", dir + "/out", "--seed", "1"])
        #expect(result.code == 0, "\(result.err)")
        #expect(result.out.contains("graded 3 participants: 1 with full marks, 0 partial, 1 with 0 points, 1 error;"), "\(result.out)")
        #expect(SampleClass.text(dir + "/out/gradebook.html").contains("<p>3 participants: 1 with full marks, 0 partial, 1 with 0 points, 1 error; 3 points available.</p>"))
        let merged = await SampleClass.run(["merge", dir + "/out", "--out", dir + "/merged"])
        #expect(merged.out.contains("merged 1 gradebook: 3 participants: 1 with full marks"), "\(merged.out)")
    }

    @Test func unreadableLabsExitTwoAndBadUsage64() async throws {
        let dir = try SampleClass.folder()
        try FileManager.default.createDirectory(atPath: dir + "/subs", withIntermediateDirectories: true)
        #expect(await SampleClass.run(["grade", dir + "/subs", "--labs", dir + "/nothing"]).code == 2)
        #expect(await SampleClass.run(["grade", dir + "/missing", "--labs", dir + "/labs", "--out", dir + "/o"]).code == 2)
        #expect(await SampleClass.run(["grade"]).code == 64)
        #expect(await SampleClass.run(["grade", dir + "/subs", "--shard", "3/2"]).code == 64)
        #expect(await SampleClass.run(["grade", dir + "/subs", "--jobs", "0"]).code == 64)
    }
}
