import Core
import Foundation
import Testing
@testable import Labs

/// Revealed hint levels in a run's result, the hints a participant used, and the penalty.
@Suite struct HintLevelsTests {
    static let labFile = """
    ---
    id: lab
    title: Lab
    ---
    ```hurl {id=three points=4 exercise hint="concept" hint2="where" hint3="field"}
    GET {{api}}/x
    HTTP 200
    ```
    ```hurl {id=two points=2 hint="concept two" hint2="where two"}
    GET {{api}}/x
    HTTP 200
    ```
    ```hurl {id=one points=1 hint="only"}
    GET {{api}}/x
    HTTP 200
    ```
    ```hurl {id=none points=1}
    GET {{api}}/x
    HTTP 200
    ```
    ```hurl {id=secret points=3 hidden hint="h" hint2="h2"}
    GET {{api}}/x
    HTTP 200
    ```

    """

    static func lab() throws -> Lab {
        try Workbook.parseLab(labFile, file: "lab.md")
    }

    private func run(_ statuses: [String: StepStatus], lab: Lab) -> RunResult {
        RunResult(labs: [LabResult(id: lab.id, title: lab.title, steps: lab.steps.map { step in
            let status = statuses[step.id] ?? .failed
            return StepResult(id: step.id, title: step.id, status: status, points: status == .passed ? step.points : 0, maxPoints: step.points,
                              isHidden: step.isHidden, hint: step.hint, location: step.location)
        })])
    }

    private func record(_ levels: [String: Int]) -> HintRecord {
        HintRecord(revealed: Dictionary(uniqueKeysWithValues: levels.map { ("lab/\($0.key)", $0.value) }))
    }

    @Test func theLevelsAreTheHintThenHint2AndHint3() throws {
        let lab = try Self.lab()
        #expect(lab.steps.map(HintLevels.of) == [["concept", "where", "field"], ["concept two", "where two"], ["only"], [], ["h", "h2"]])
        #expect(HintLevels.label(2) == "Hint 2 (where to look)")
        #expect((1...3).map(HintLevels.purpose) == ["the concept", "where to look", "which field"])
    }

    @Test func aFailedStepShowsEveryLevelRevealedAndNoMore() throws {
        let lab = try Self.lab()
        let revealed = run(["one": .passed], lab: lab)
            .revealing(record(["three": 2, "two": 3, "one": 3, "none": 2, "secret": 2, "gone": 3]), labs: [lab])
        let steps = Dictionary(uniqueKeysWithValues: revealed.labs[0].steps.map { ($0.id, $0) })
        #expect(steps["three"]?.revealedHints == ["where"])
        #expect(steps["three"]?.shownHints.map(\.level) == [1, 2])
        #expect(steps["two"]?.revealedHints == ["where two"], "a recorded level past the step's last is the last")
        #expect(steps["one"]?.revealedHints == [], "a passed step shows no hint")
        #expect(steps["one"]?.shownHints.isEmpty == true)
        #expect(steps["none"]?.revealedHints == [])
        #expect(steps["secret"]?.revealedHints == [], "saaslab hint never reveals a hidden step's levels")
        // Nothing recorded: the very same result.
        #expect(run([:], lab: lab).revealing(HintRecord(), labs: [lab]) == run([:], lab: lab))
        // A skipped or errored step reached nothing a hint is about.
        var skipped = run([:], lab: lab)
        skipped.labs[0].steps[0].status = .skipped
        #expect(skipped.revealing(record(["three": 3]), labs: [lab]).labs[0].steps[0].shownHints.isEmpty)
    }

    @Test func hintsUsedCountLevelsBeyondTheFirstOfVisibleStepsOnly() throws {
        let lab = try Self.lab()
        let usage = HintUsage(record: record(["three": 3, "two": 3, "one": 3, "none": 2, "secret": 2, "gone": 3]), labs: [lab])
        #expect(usage.steps == [.init(lab: "lab", step: "three", levels: 2), .init(lab: "lab", step: "two", levels: 1)])
        #expect(usage.used == 3)
        #expect(HintUsage(record: record(["three": 1]), labs: [lab]).used == 0, "level 1 is free")
        #expect(HintUsage(record: HintRecord(), labs: [lab]).used == 0)
        #expect(HintUsage(problem: "broken").used == nil)
    }

    @Test func thePenaltyTakesFromPassedStepsOnlyAndNeverBelowZero() throws {
        let lab = try Self.lab()
        let usage = HintUsage(record: record(["three": 3, "two": 2]), labs: [lab])
        let passedThree = run(["three": .passed, "one": .passed, "none": .passed, "secret": .passed], lab: lab)
        let (penalised, charged) = usage.penalising(passedThree, pointsPerLevel: 1)
        let steps = penalised.labs[0].steps
        #expect(steps[0].points == 2 && steps[0].hintPenalty == 2, "two levels beyond the first, one point each")
        #expect(steps[1].points == 0 && steps[1].hintPenalty == 0, "a failed step scored nothing to take")
        #expect(charged.steps.map(\.penalty) == [2, 0])
        #expect(charged.penalty == 2)
        #expect(penalised.score == passedThree.score - 2)
        // Never below 0, whatever the penalty; an overflowing product too.
        for points in [3, 100, Int.max] {
            let (taken, _) = usage.penalising(passedThree, pointsPerLevel: points)
            #expect(taken.labs[0].steps[0].points == 0)
            #expect(taken.labs[0].steps[0].hintPenalty == 4)
        }
        // No penalty: nothing changes.
        #expect(usage.penalising(passedThree, pointsPerLevel: 0).0 == passedThree)
    }

    @Test func theIsolationCapAppliesToWhatThePenaltyLeft() throws {
        let here = SourceLocation(file: "lab.md", line: 1, column: 1)
        var breach = StepResult(id: "guard", title: "guard", status: .failed, points: 0, maxPoints: 10, guardsIsolation: true, location: here)
        breach.breachedIsolation = true
        let run = RunResult(labs: [LabResult(id: "lab", title: "Lab", steps: [
            StepResult(id: "three", title: "three", status: .passed, points: 10, maxPoints: 10, location: here), breach,
        ])])
        #expect(run.score == 10)
        let usage = HintUsage(steps: [.init(lab: "lab", step: "three", levels: 2)])
        #expect(usage.penalising(run, pointsPerLevel: 1).0.score == 8)
        #expect(usage.penalising(run, pointsPerLevel: 3).0.score == 4)
    }
}
