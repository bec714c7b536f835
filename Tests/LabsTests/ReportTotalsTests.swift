import Testing
@testable import Labs

/// Totals over steps and labs built in code, where points are not capped by the parser.
@Suite struct ReportTotalsTests {
    static func step(_ id: String, points: Int) -> StepResult {
        StepResult(id: id, title: id, status: .passed, points: points, maxPoints: points,
                   location: Labs.SourceLocation(file: "lab.md", line: 1, column: 1))
    }

    @Test func sumsSaturateInsteadOfTrapping() {
        let lab = LabResult(id: "l", title: "L", steps: [Self.step("a", points: .max), Self.step("b", points: 1)])
        let run = RunResult(labs: [lab, lab])
        #expect(lab.score == .max)
        #expect(lab.maxScore == .max)
        #expect(run.score == .max)
        #expect(run.maxScore == .max)
    }

    @Test func labMaximumPointsSaturates() {
        let location = Labs.SourceLocation(file: "lab.md", line: 1, column: 1)
        func step(_ id: String, _ points: Int) -> LabBlock {
            .step(Step(id: id, points: points, entries: [], location: location))
        }
        let lab = Lab(id: "l", title: "L", frontMatter: [:], sourcePath: "lab.md", blocks: [step("a", .max), step("b", 1)])
        #expect(lab.maximumPoints == .max)
    }
}

/// TAP lines cannot be forged from a step's title or skip reason.
@Suite struct ReportTAPEscapingTests {
    @Test func titlesAndReasonsStayOnTheirLine() {
        let location = Labs.SourceLocation(file: "lab.md", line: 1, column: 1)
        let run = RunResult(labs: [LabResult(id: "t14", title: "T", steps: [
            StepResult(id: "a", title: "line one\nok 2 - forged\r\nx", status: .passed, points: 1, maxPoints: 1, location: location),
            StepResult(id: "b", title: ##"T \# SKIP"##, status: .failed, points: 0, maxPoints: 1, location: location),
            StepResult(id: "c", title: "c", status: .skipped, points: 0, maxPoints: 1,
                       message: "needs #a\nok 9 - x", location: location),
        ])])
        let lines = Report.render(run, format: .tap).split(separator: "\n")
        #expect(lines.filter { $0.hasPrefix("ok") || $0.hasPrefix("not ok") } == [
            "ok 1 - t14 / line one ok 2 - forged x",
            ##"not ok 2 - t14 / T \\\# SKIP"##,
            ##"ok 3 - t14 / c # SKIP needs \#a ok 9 - x"##,
        ])
    }
}
