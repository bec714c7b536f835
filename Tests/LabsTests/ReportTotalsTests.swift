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
