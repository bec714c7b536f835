import Core
import Testing
@testable import Labs

/// Gradescope's results.json never shows hidden steps, or their points, before their time.
@Suite struct GradescopeReportTests {
    static let here = Labs.SourceLocation(file: "lab.md", line: 1, column: 1)

    static func step(_ id: String, _ status: StepStatus, _ points: Int, hidden: Bool = false) -> StepResult {
        StepResult(id: id, title: "Step \(id)", status: status, points: status == .passed ? points : 0, maxPoints: points,
                   isHidden: hidden, message: status == .passed ? nil : "did not pass", location: here)
    }

    /// Two course labs with a hidden step inside the first, and an instructor's lab of probes.
    static let run = RunResult(labs: [
        LabResult(id: "one", title: "One", steps: [
            step("a", .passed, 3), step("secret-probe", .passed, 5, hidden: true), step("b", .failed, 2),
        ]),
        LabResult(id: "two", title: "Two", steps: [step("c", .passed, 4)]),
        LabResult(id: "probes", title: "Probes", steps: [
            step("setup", .passed, 0, hidden: true), step("cross-tenant", .failed, 6, hidden: true),
        ]),
    ])

    static func render(_ run: RunResult = run, _ options: ReportOptions = ReportOptions()) throws -> (root: JSONObject, tests: [JSONObject]) {
        let json = try JSON.parse(Report.render(run, format: .gradescope, options: options))
        guard case .object(let root) = json, case .array(let tests)? = root["tests"] else { throw ParseFailure() }
        return (root, tests.compactMap { if case .object(let test) = $0 { test } else { nil } })
    }

    struct ParseFailure: Error {}

    @Test func hiddenStepsWithPointsShowAfterPublicationByDefault() throws {
        let (root, tests) = try Self.render()
        let visibility = Dictionary(uniqueKeysWithValues: tests.map { ($0["name"]?.stringValue ?? "", $0["visibility"]?.stringValue ?? "") })
        #expect(visibility["One / Step a"] == "visible")
        #expect(visibility["One / Step secret-probe"] == "after_published")
        #expect(visibility["Probes / Step cross-tenant"] == "after_published")
        #expect(visibility["Probes / Step setup"] == "hidden", "a zero-point hidden step is never shown")
        #expect(root["visibility"] == .string("after_published"), "the total includes hidden points: shown with them")
    }

    @Test func afterTheDueDateWhenTheInstructorSaysSo() throws {
        let (root, tests) = try Self.render(Self.run, ReportOptions(hiddenVisibility: .afterDueDate))
        #expect(tests.filter { $0["visibility"]?.stringValue == "after_due_date" }.count == 2)
        #expect(tests.filter { $0["visibility"]?.stringValue == "hidden" }.count == 1)
        #expect(root["visibility"] == .string("after_due_date"))
    }

    @Test func theGradeCountsHiddenPointsButNothingShownEarlyDoes() throws {
        let (root, _) = try Self.render()
        // The grade Gradescope records: every step (3 + 5 + 4; the failed ones score 0).
        #expect(root["score"] == .number(JSONNumber(Self.run.score)))
        #expect(Self.run.score == 12)
        // What a participant sees before publication: visible steps only (3 + 4 of 9).
        #expect(root["output"] == .string("saaslab: 7/9 points"))
        #expect(root["leaderboard"]?[0]?["value"] == .number(7))
        let output = root["output"]?.stringValue ?? ""
        #expect(!output.contains("secret") && !output.contains("12") && !output.contains("20"))
    }

    @Test func numbersAreLabDotStepWithVisibleStepsFirst() throws {
        let (_, tests) = try Self.render()
        let numbers = tests.map { "\($0["number"]?.stringValue ?? "") \($0["name"]?.stringValue ?? "")" }
        #expect(numbers == [
            "1.1 One / Step a", "1.2 One / Step b", "1.3 One / Step secret-probe",
            "2.1 Two / Step c",
            "3.1 Probes / Step setup", "3.2 Probes / Step cross-tenant",
        ])
        for test in tests {
            let parts = (test["number"]?.stringValue ?? "").split(separator: ".")
            #expect(parts.count == 2 && parts.allSatisfy { Int($0) != nil })
        }
    }

    @Test func withoutHiddenPointsEverythingIsVisibleAtOnce() throws {
        let run = RunResult(labs: [LabResult(id: "one", title: "One", steps: [
            Self.step("a", .passed, 3), Self.step("note", .passed, 0, hidden: true),
        ])])
        let (root, tests) = try Self.render(run)
        #expect(root["visibility"] == .string("visible"))
        #expect(root["score"] == .number(3))
        #expect(tests.map { $0["visibility"]?.stringValue } == ["visible", "hidden"])
    }
}
