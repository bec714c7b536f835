import Core

/// `--format json`: the scores and every step, for scripts and dashboards.
enum JSONReport {
    static func render(_ run: RunResult) -> String {
        let labs = run.labs.map { lab -> JSON in
            .object([
                "id": .string(lab.id), "title": .string(lab.title),
                "score": .number(JSONNumber(lab.score)), "max_score": .number(JSONNumber(lab.maxScore)),
                "isolation_cap": lab.isolationCap.map { .number(JSONNumber($0)) } ?? .null,
                "steps": .array(lab.steps.map(step)),
            ])
        }
        let document: JSON = .object([
            "score": .number(JSONNumber(run.score)), "max_score": .number(JSONNumber(run.maxScore)),
            "passed": .bool(run.allPassed), "labs": .array(labs),
        ])
        return document.serialized(pretty: true) + "\n"
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

/// Gradescope's autograder `results.json`: `score`, and one test per step with `name`,
/// `score`, `max_score`, `status`, `output` and `visibility` (`hidden` for hidden steps).
enum GradescopeReport {
    static func render(_ run: RunResult) -> String {
        var tests: [JSON] = []
        for lab in run.labs {
            for (index, step) in lab.steps.enumerated() {
                var output = step.detail ?? "passed"
                if step.status == .failed, let hint = step.hint { output += "\nHint: \(hint)" }
                if let note = step.shownNote { output += "\nNote: \(note)" }
                // What was exchanged: the backend's own reason is usually in the response.
                if let transcript = step.transcript { output += "\n\n" + transcript }
                tests.append(.object([
                    "name": .string("\(lab.title) / \(step.title)"),
                    "number": .string("\(lab.id).\(index + 1)"),
                    "score": .number(JSONNumber(step.points)), "max_score": .number(JSONNumber(step.maxPoints)),
                    // Gradescope knows passed and failed; skipped and error steps did not pass.
                    "status": .string(step.status == .passed ? "passed" : "failed"),
                    "output": .string(output),
                    "tags": .array([.string(lab.id)] + (step.isExercise ? [.string("exercise")] : [])),
                    "visibility": .string(step.isHidden ? "hidden" : "visible"),
                ]))
            }
        }
        let document: JSON = .object([
            "score": .number(JSONNumber(run.score)),
            "output": .string("saaslab: \(run.score)/\(run.maxScore) points"),
            "visibility": .string("visible"),
            "stdout_visibility": .string("hidden"),
            "tests": .array(tests),
            "leaderboard": .array([.object(["name": .string("Total"), "value": .number(JSONNumber(run.score)), "order": .string("desc")])]),
        ])
        return document.serialized(pretty: true) + "\n"
    }
}

/// JSON's string quoting, for formats that borrow it (YAML's double-quoted scalars).
enum JSONString {
    static func quoted(_ text: String) -> String { JSON.string(text).serialized() }
}
