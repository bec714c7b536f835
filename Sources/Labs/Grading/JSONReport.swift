import Core

/// `--format json`: the scores and every step, for scripts and dashboards.
enum JSONReport {
    /// `track` (`code` or `settings`) is added when the run named a workspace.
    static func render(_ run: RunResult, track: String? = nil) -> String {
        let labs = run.labs.map { lab -> JSON in
            .object([
                "id": .string(lab.id), "title": .string(lab.title),
                "score": .number(JSONNumber(lab.score)), "max_score": .number(JSONNumber(lab.maxScore)),
                "isolation_cap": lab.isolationCap.map { .number(JSONNumber($0)) } ?? .null,
                "steps": .array(lab.steps.map(step)),
            ])
        }
        var document: JSONObject = [
            "score": .number(JSONNumber(run.score)), "max_score": .number(JSONNumber(run.maxScore)),
            "passed": .bool(run.allPassed), "labs": .array(labs),
        ]
        if let track { document["track"] = .string(track) }
        return JSON.object(document).serialized(pretty: true) + "\n"
    }

    private static func step(_ step: StepResult) -> JSON {
        var object: JSONObject = [
            "id": .string(step.id), "title": .string(step.title), "status": .string(step.status.rawValue),
            "points": .number(JSONNumber(step.points)), "max_points": .number(JSONNumber(step.maxPoints)),
            "exercise": .bool(step.isExercise), "isolation": .bool(step.guardsIsolation), "breached_isolation": .bool(step.breachedIsolation), "hidden": .bool(step.isHidden),
            "message": step.detail.map(JSON.string) ?? .null,
            "hint": step.hint.map(JSON.string) ?? .null,
            "note": step.shownNote.map(JSON.string) ?? .null,
            "transcript": step.transcript.map(JSON.string) ?? .null,
            "location": .string(step.location.description),
        ]
        // Only when there is something to show, so a report without revealed hints or a
        // penalty is the same bytes as before they existed.
        if !step.revealedHints.isEmpty, step.status == .failed {
            _ = object.updateValue(.array(step.shownHints.map { JSON.string($0.text) }), forKey: "hints")
        }
        if step.hintPenalty > 0 { _ = object.updateValue(.number(JSONNumber(step.hintPenalty)), forKey: "hint_penalty") }
        let failures = step.failures.map { failure -> JSON in
            .object([
                "location": .string(failure.location.description), "check": .string(failure.check),
                "expected": .string(failure.expected), "actual": .string(failure.actual),
            ])
        }
        _ = object.updateValue(.array(failures), forKey: "failures")
        return .object(object)
    }
}

/// When Gradescope shows participants a hidden step that carries points: Gradescope's own
/// names for the two moments an instructor can choose.
public enum HiddenVisibility: String, Sendable, CaseIterable {
    /// When the instructor publishes the grades ("Review Grades"): the default.
    case afterPublished = "after_published"
    /// After the due date (the late due date, when late submissions are allowed).
    case afterDueDate = "after_due_date"

    /// The values' names, for help and did-you-mean.
    public static let names = allCases.map(\.rawValue)
}

/// Gradescope's autograder `results.json`: `score`, and one test per step with `name`,
/// `number`, `score`, `max_score`, `status`, `output`, `tags` and `visibility`.
///
/// Hidden steps never show before their time, and neither do their points:
/// - a hidden step worth points is shown `after_published` (or `after_due_date`); one worth
///   nothing is `hidden` (never shown);
/// - `score` is the whole run's (`RunResult.score`, hidden points included: it is the grade
///   Gradescope records). Gradescope shows no total while any test is hidden, and when hidden
///   steps carry points the top-level `visibility` is theirs too, so the total appears with them;
///   every visible step says `visible` itself, so its feedback shows at once;
/// - `output` and the `Total` leaderboard entry (seen by the whole class) count visible steps only;
/// - `number` is `lab.step` from 1 (`3.5`), visible steps first in each lab so the numbers shown
///   before publication have no gaps.
enum GradescopeReport {
    static func render(_ run: RunResult, hiddenVisibility: HiddenVisibility = .afterPublished) -> String {
        let visible = run.withoutHiddenSteps
        var tests: [JSON] = []
        for (labIndex, lab) in run.labs.enumerated() {
            let ordered = lab.steps.filter { !$0.isHidden } + lab.steps.filter(\.isHidden)
            for (index, step) in ordered.enumerated() {
                var output = step.detail ?? "passed"
                if let cause = step.cause { output = "Cause: \(cause)\n" + output }
                for (level, hint) in step.shownHints { output += "\n\(level == 1 ? "Hint" : HintLevels.label(level)): \(hint)" }
                if let note = step.shownNote { output += "\nNote: \(note)" }
                // What was exchanged: the backend's own reason is usually in the response.
                if let transcript = step.transcript { output += "\n\n" + transcript }
                tests.append(.object([
                    "name": .string("\(lab.title) / \(step.title)"),
                    "number": .string("\(labIndex + 1).\(index + 1)"),
                    "score": .number(JSONNumber(step.points)), "max_score": .number(JSONNumber(step.maxPoints)),
                    // Gradescope knows passed and failed; skipped and error steps did not pass.
                    "status": .string(step.status == .passed ? "passed" : "failed"),
                    "output": .string(output),
                    "tags": .array([.string(lab.id)] + (step.isExercise ? [.string("exercise")] : [])),
                    "visibility": .string(visibility(of: step, hiddenVisibility)),
                ]))
            }
        }
        let hiddenPoints = run.allSteps.contains { $0.isHidden && $0.maxPoints > 0 }
        let document: JSON = .object([
            "score": .number(JSONNumber(run.score)),
            "output": .string("saaslab: \(visible.score)/\(visible.maxScore) points"),
            "visibility": .string(hiddenPoints ? hiddenVisibility.rawValue : "visible"),
            "stdout_visibility": .string("hidden"),
            "tests": .array(tests),
            "leaderboard": .array([.object(["name": .string("Total"), "value": .number(JSONNumber(visible.score)), "order": .string("desc")])]),
        ])
        return document.serialized(pretty: true) + "\n"
    }

    private static func visibility(of step: StepResult, _ hiddenVisibility: HiddenVisibility) -> String {
        guard step.isHidden else { return "visible" }
        return step.maxPoints > 0 ? hiddenVisibility.rawValue : "hidden"
    }
}

/// JSON's string quoting, for formats that borrow it (YAML's double-quoted scalars).
enum JSONString {
    static func quoted(_ text: String) -> String { JSON.string(text).serialized() }
}
