import Core
import Foundation
import Testing
@testable import Labs

/// The cause of a failure and the revealed hint levels, in every report format: the cause
/// before the hints, each level labelled, nothing added when there is nothing to show.
@Suite struct HintReportTests {
    static let here = SourceLocation(file: "lab.md", line: 7, column: 1)
    static let cause = "the platform said: InvalidParameterException: Invalid write attributes specified while creating a client"

    static func run(cause: String? = Self.cause, revealed: [String] = ["Read the client's <WriteAttributes>", "Which names go in it"]) -> RunResult {
        RunResult(labs: [LabResult(id: "lab", title: "Lab", steps: [
            StepResult(id: "register", title: "Register", status: .failed, points: 0, maxPoints: 4, isExercise: true,
                       hint: "Registration writes the user's attributes through your client",
                       failures: [AssertFailure(location: here, check: "HTTP 201", expected: "201",
                                                actual: "an InvalidParameterException error (HTTP 400): Invalid write attributes specified while creating a client")],
                       transcript: "> POST /reg\n< HTTP 400 Bad Request", cause: cause, revealedHints: revealed, location: here),
            StepResult(id: "later", title: "Later", status: .passed, points: 1, maxPoints: 1, hint: "never shown", location: here),
        ])])
    }

    /// The positions of `texts` in `report`, in order; fails when one is missing.
    private func positions(_ texts: [String], in report: String) -> [Int] {
        texts.map { text in
            guard let range = report.range(of: text) else {
                Issue.record("missing \(text) in:\n\(report)")
                return -1
            }
            return report.distance(from: report.startIndex, to: range.lowerBound)
        }
    }

    @Test(arguments: [
        (ReportFormat.terminal, ["cause: the platform said: InvalidParameterException", "hint: Registration writes", "hint 2 (where to look): Read the client's <WriteAttributes>", "hint 3 (which field): Which names"]),
        (.markdown, ["Cause: the platform said\\: InvalidParameterException", "Hint: Registration writes", "Hint 2 (where to look): Read the client's &lt;WriteAttributes&gt;", "Hint 3 (which field): Which names"]),
        (.html, ["<b>Cause:</b> the platform said: InvalidParameterException", "<b>Hint:</b> Registration writes", "<b>Hint 2 (where to look):</b> Read the client&#39;s &lt;WriteAttributes&gt;", "<b>Hint 3 (which field):</b> Which names"]),
        (.junit, ["message=\"Cause: the platform said: InvalidParameterException", "Cause: the platform said: InvalidParameterException: Invalid write attributes specified while creating a client\nlab.md:7:1", "Hint: Registration writes", "Hint 2 (where to look): Read the client's &lt;WriteAttributes&gt;", "Hint 3 (which field): Which names"]),
        (.tap, ["  cause: \"the platform said: InvalidParameterException", "  failures:", "  hint: \"Registration writes", "  hint2: \"Read the client's <WriteAttributes>\"", "  hint3: \"Which names go in it\""]),
        (.gradescope, ["Cause: the platform said: InvalidParameterException", "Hint: Registration writes", "Hint 2 (where to look): Read the client's <WriteAttributes>", "Hint 3 (which field): Which names"]),
    ])
    func theCauseComesBeforeTheHintsInEveryFormat(format: ReportFormat, ordered: [String]) throws {
        let report = Report.render(Self.run(), format: format)
        let found = positions(ordered, in: report)
        #expect(found == found.sorted() && !found.contains(-1), "\(format) order: \(found)\n\(report)")
        #expect(!report.contains("never shown"), "a passed step shows no hint")
    }

    @Test func jsonAddsTheLevelsOnlyWhenOneWasRevealedAndNeverACause() throws {
        let revealed = try JSON.parse(Report.render(Self.run(), format: .json))
        let step = revealed["labs"]?[0]?["steps"]?[0]
        #expect(step?["hints"] == .array(["Registration writes the user's attributes through your client", "Read the client's <WriteAttributes>", "Which names go in it"]))
        #expect(step?["hint"]?.stringValue == "Registration writes the user's attributes through your client")
        #expect(step?["cause"] == nil, "the failures' actual values name the error; the JSON report keeps its shape")
        #expect(revealed["labs"]?[0]?["steps"]?[1]?["hints"] == nil)
        // Nothing revealed, a cause or not: the same bytes as a result without either.
        let plain = Self.run(cause: nil, revealed: [])
        #expect(Report.render(Self.run(revealed: []), format: .json) == Report.render(plain, format: .json))
        #expect(!Report.render(plain, format: .json).contains("\"hints\""))
    }

    @Test func withoutACauseOrRevealedLevelsTheReportsAreAsBefore() {
        let plain = Self.run(cause: nil, revealed: [])
        for format in ReportFormat.allCases {
            let report = Report.render(plain, format: format)
            #expect(!report.contains("ause:"), "\(format)")
            #expect(!report.contains("Hint 2") && !report.contains("hint 2") && !report.contains("hint2"), "\(format)")
        }
        // JUnit's message stays the failure's first line.
        #expect(Report.render(plain, format: .junit).contains(#"<failure message="lab.md:7:1: HTTP 201: expected 201, actual an InvalidParameterException"#))
    }

    @Test func aHostileCauseStaysText() {
        let hostile = "the app said: X: <img src=x onerror=alert(1)> **bold** | `tick`\nnot ok 9 - forged"
        let run = Self.run(cause: hostile)
        #expect(!Report.render(run, format: .html).contains("<img"))
        #expect(Report.render(run, format: .markdown).contains("Cause: the app said\\: X\\: &lt;img src=x onerror=alert(1)&gt; \\*\\*bold\\*\\* \\| \\`tick\\`<br>not ok 9 - forged"))
        #expect(!Report.render(run, format: .tap).contains("\nnot ok 9"))
        #expect(!Report.render(run, format: .junit).contains("<img"))
    }

    @Test func aPenaltyShowsInTheJSONReportOnly() throws {
        var run = Self.run(cause: nil, revealed: [])
        run.labs[0].steps[1].points = 0
        run.labs[0].steps[1].hintPenalty = 1
        let json = try JSON.parse(Report.render(run, format: .json))
        #expect(json["labs"]?[0]?["steps"]?[1]?["hint_penalty"]?.intValue == 1)
        #expect(json["labs"]?[0]?["steps"]?[0]?["hint_penalty"] == nil)
    }
}

/// A value of several lines (a platform message listing each bad attribute) stays inside its
/// step's block in the terminal report: its later lines align under its first.
@Suite struct TerminalMultiLineValueTests {
    @Test func laterLinesAlignUnderTheFirst() {
        let here = SourceLocation(file: "lab.md", line: 3, column: 1)
        let run = RunResult(labs: [LabResult(id: "lab", title: "Lab", steps: [
            StepResult(id: "s", title: "S", status: .failed, points: 0, maxPoints: 1,
                       failures: [AssertFailure(location: here, check: "HTTP 201", expected: "201\nor 200", actual: "first\nsecond\n\nfourth")],
                       location: here),
        ])])
        let report = Report.render(run, format: .terminal)
        let indent = String(repeating: " ", count: 6)
        let expected = ["expected: 201", "          or 200", "actual:   first", "          second", "          ", "          fourth"]
            .map { indent + "  " + $0 }.joined(separator: "\n")
        #expect(report.contains(expected), "\(report)")
    }
}
