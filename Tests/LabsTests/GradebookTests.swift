import Core
import Foundation
import HTTP
import Testing
@testable import Labs

/// The gradebook model and its three renderings, shards and merging.
@Suite struct GradebookTests {
    private let labs = [Gradebook.LabColumn(id: "lab1", title: "Lab <1>", steps: [
        .init(id: "a", title: "A", maxPoints: 2, isExercise: true),
        .init(id: "b", title: "B", maxPoints: 1, isHidden: true),
    ])]

    private func row(_ name: String, _ a: StepStatus, _ b: StepStatus, error: String? = nil) -> Gradebook.Row {
        let score = (a == .passed ? 2 : 0) + (b == .passed ? 1 : 0)
        let status: Gradebook.Status = error != nil ? .error : (score == 3 ? .passed : .failed)
        return .init(participant: name, status: status, error: error,
                     labs: [.init(id: "lab1", score: score, steps: [.init(id: "a", status: a), .init(id: "b", status: b)])])
    }

    private var book: Gradebook {
        Gradebook(labs: labs, rows: [
            row("zoe", .passed, .passed), row("=cmd()", .failed, .passed),
            row("amy, \"the\" great", .error, .skipped, error: "lab1/a: file,x.json; is missing\nline two"),
            .init(participant: "ned", status: .error, error: "timed out after 300 s: grading stopped"),
        ])
    }

    @Test func rowsAreSortedAndPassRatesCountOnlyRowsThatRan() {
        #expect(book.rows.map(\.participant) == ["=cmd()", "amy, \"the\" great", "ned", "zoe"])
        #expect(book.passCount(lab: "lab1", step: "a") == (1, 3))
        #expect(book.passCount(lab: "lab1", step: "b") == (2, 3))
        #expect(book.maxScore == 3)
    }

    @Test func csvQuotesByRFC4180AndNeutralisesFormulas() {
        let text = GradebookCSV.render(book)
        #expect(text.hasPrefix("participant,lab1,score,max_score,status,track,hints_used,error\r\n"))
        let records = GradebookCSV.parse(text)
        #expect(records.count == 5)
        #expect(records.allSatisfy { $0.count == 8 })
        #expect(records[1] == ["'=cmd()", "1", "1", "3", "failed", "", "", ""])
        #expect(records[2] == ["amy, \"the\" great", "0", "0", "3", "error", "", "", "lab1/a: file,x.json; is missing\nline two"])
        #expect(records[3] == ["ned", "", "0", "3", "error", "", "", "timed out after 300 s: grading stopped"])
        #expect(text.contains("\"amy, \"\"the\"\" great\""))
    }

    @Test func jsonRoundTripsAndCarriesPassRates() throws {
        var sharded = book
        sharded.shard = Shard(index: 2, count: 3)
        let text = GradebookJSON.render(sharded)
        #expect(try GradebookJSON.parse(text) == sharded)
        let json = try JSON.parse(text)
        #expect(json["labs"]?[0]?["steps"]?[0]?["passed"]?.intValue == 1)
        #expect(json["participants"]?[2]?["error"]?.stringValue?.contains("timed out") == true)
        #expect(throws: GradebookMergeError.self) { try GradebookJSON.parse(#"{"labs":[]}"#) }
    }

    @Test func htmlIsSelfContainedEscapedAndCharted() {
        let html = GradebookHTML.render(book)
        #expect(html.contains("<table>"))
        #expect(html.contains("<svg"))
        #expect(html.contains("amy, &quot;the&quot; great"))
        #expect(html.contains("title=\"Lab &lt;1&gt;\""))
        #expect(!html.contains("<script"))
        #expect(!html.contains("src="))
        #expect(html.contains("1/3 (33%)"))
    }

    @Test func shardsDealRoundRobinAndCoverTheClassOnce() throws {
        let names = (0..<11).map { "p\(String(format: "%02d", $0))" }.shuffled()
        let shards = (1...3).compactMap { Shard(index: $0, count: 3) }
        let slices = shards.map { $0.select(names) }
        #expect(slices[0] == ["p00", "p03", "p06", "p09"])
        #expect(slices.flatMap { $0 }.sorted() == names.sorted())
        #expect(Shard("0/3") == nil && Shard("4/3") == nil && Shard("x") == nil && Shard("1/1") != nil)
    }

    @Test func mergeRefusesOverlapsAndMismatchedLabs() throws {
        let whole = book
        let first = Gradebook(labs: labs, rows: Array(whole.rows.prefix(2)))
        let second = Gradebook(labs: labs, rows: Array(whole.rows.dropFirst(2)))
        #expect(try Gradebook.merging([("s1", first), ("s2", second)]) == whole)
        #expect { try Gradebook.merging([("s1", first), ("s2", first)]) } throws: { error in
            "\(error)".contains("is in both s1 and s2")
        }
        var other = labs
        other[0].steps[0].maxPoints = 5
        #expect { try Gradebook.merging([("s1", first), ("s2", Gradebook(labs: other, rows: second.rows))]) } throws: { error in
            "\(error)".contains("mismatched labs")
        }
        let parts = [Gradebook(labs: labs, rows: [], shard: Shard(index: 1, count: 3))]
        #expect(Gradebook.missingShards(parts).map(\.index) == [2, 3])
    }

    @Test func theSummaryCountsEachRowOnceAndSaysOneError() {
        #expect(book.summary.description == "4 participants: 1 with full marks, 1 partial, 0 with 0 points, 2 errors")
        let zero = Gradebook(labs: labs, rows: [
            row("full", .passed, .passed), row("none", .failed, .failed), row("half", .passed, .failed),
            row("broken", .error, .skipped, error: "lab1/a: refused"),
        ])
        #expect(zero.summary == Gradebook.Summary(zero))
        #expect(zero.summary.description == "4 participants: 1 with full marks, 1 partial, 1 with 0 points, 1 error")
        #expect(GradebookHTML.render(zero).contains("<p>4 participants: 1 with full marks, 1 partial, 1 with 0 points, 1 error; 3 points available.</p>"))
        let one = Gradebook(labs: labs, rows: [row("solo", .failed, .failed)])
        #expect(one.summary.description == "1 participant: 0 with full marks, 0 partial, 1 with 0 points, 0 errors")
        // Full marks are all the points, even when a 0-point step did not pass.
        let free = Gradebook(labs: [.init(id: "l", title: "L", steps: [.init(id: "a", title: "A", maxPoints: 1), .init(id: "z", title: "Z", maxPoints: 0)])],
                             rows: [.init(participant: "p", status: .failed, labs: [.init(id: "l", score: 1, steps: [.init(id: "a", status: .passed), .init(id: "z", status: .failed)])])])
        #expect(free.summary.fullMarks == 1)
    }

    @Test func theErrorColumnNamesEveryErroredStep() {
        let here = SourceLocation(file: "lab.md", line: 1, column: 1)
        let result = RunResult(labs: [
            LabResult(id: "lab1", title: "Lab", steps: [
                StepResult(id: "a", title: "A", status: .error, points: 0, maxPoints: 1, message: "file,a.json; is missing", location: here),
                StepResult(id: "b", title: "B", status: .skipped, points: 0, maxPoints: 1, message: "needs step 'a'", location: here),
            ]),
            LabResult(id: "lab2", title: "Lab", steps: [
                StepResult(id: "c", title: "C", status: .error, points: 0, maxPoints: 1, message: "workspace c.json: line 1, column 2: bad", location: here),
            ]),
        ])
        let row = Gradebook.Row(participant: "p", result: result)
        #expect(row.error == "lab1/a: file,a.json; is missing\nlab2/c: workspace c.json: line 1, column 2: bad")
        let html = GradebookHTML.render(Gradebook(labs: labs, rows: [row]))
        #expect(html.contains("<td class=\"error\"><div class=\"wrap\">lab1/a: file,a.json; is missing<br>lab2/c: workspace c.json: line 1, column 2: bad</div></td>"))
    }

    @Test func aStepErrorMakesTheRowAnError() {
        let here = SourceLocation(file: "lab.md", line: 1, column: 1)
        let result = RunResult(labs: [LabResult(id: "lab1", title: "Lab", steps: [
            StepResult(id: "a", title: "A", status: .passed, points: 1, maxPoints: 1, location: here),
            StepResult(id: "b", title: "B", status: .error, points: 0, maxPoints: 1, message: "refused", location: here),
        ])])
        let row = Gradebook.Row(participant: "p", result: result)
        #expect(row.status == .error)
        #expect(row.error == "lab1/b: refused")
        #expect(row.score == 1)
    }
}
