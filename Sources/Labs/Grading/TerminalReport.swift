import Foundation

/// The participant's view: one line per step with ✔ ✘ or –, points, and each failure
/// expanded with the hint and the exchange.
struct TerminalReport {
    let colour: Bool

    func render(_ run: RunResult) -> String {
        var lines: [String] = []
        for lab in run.labs {
            lines.append(bold("\(lab.title) (\(lab.id))") + "  \(lab.score)/\(lab.maxScore)")
            if let cap = lab.isolationCap {
                let breached = lab.isolationBreaches.map(\.title).joined(separator: "; ")
                lines.append("  " + colourise("isolation breached (\(breached)): at most \(cap) of \(lab.maxScore) for this lab", code: "31"))
            }
            for step in lab.steps {
                lines.append("  " + mark(step.status) + " " + step.title + points(step) + flags(step))
                lines += details(step).map { "      " + $0 }
            }
            lines.append("")
        }
        let passed = run.allSteps.filter { $0.status == .passed }.count
        lines.append(bold("Score \(run.score)/\(run.maxScore)") + " · \(passed) of \(run.allSteps.count) steps passed")
        return lines.joined(separator: "\n") + "\n"
    }

    private func points(_ step: StepResult) -> String {
        step.maxPoints == 0 ? "" : "  \(step.points)/\(step.maxPoints)"
    }

    private func flags(_ step: StepResult) -> String {
        var words: [String] = []
        if step.isExercise { words.append("exercise") }
        if step.guardsIsolation { words.append("isolation") }
        if step.isHidden { words.append("hidden") }
        return words.isEmpty ? "" : dim("  [" + words.joined(separator: ", ") + "]")
    }

    private func details(_ step: StepResult) -> [String] {
        guard step.status != .passed else { return step.shownNote.map { [colourise("note: \($0)", code: "36")] } ?? [] }
        var lines: [String] = []
        // The cause first: a hint written for another cause must not read as the explanation.
        if let cause = step.cause { lines.append(colourise("cause: \(cause)", code: "31")) }
        if let message = step.message { lines.append(message) }
        for failure in step.failures {
            lines.append("\(failure.location): \(failure.check)")
            lines += labelled("  expected: ", failure.expected)
            lines += labelled("  actual:   ", failure.actual)
        }
        for (level, hint) in step.shownHints {
            lines.append(colourise(level == 1 ? "hint: \(hint)" : "\(HintLevels.label(level).lowercased()): \(hint)", code: "33"))
        }
        if let transcript = step.transcript {
            lines += transcript.split(separator: "\n", omittingEmptySubsequences: false).map { dim(String($0)) }
        }
        return lines
    }

    /// `label` and `value`, a multi-line value's later lines aligned under its first, so they
    /// stay inside the step's block instead of starting at the margin.
    private func labelled(_ label: String, _ value: String) -> [String] {
        let indent = String(repeating: " ", count: label.count)
        return value.split(separator: "\n", omittingEmptySubsequences: false).enumerated().map { index, line in
            (index == 0 ? label : indent) + line
        }
    }

    private func mark(_ status: StepStatus) -> String {
        switch status {
        case .passed: colourise("✔", code: "32")
        case .failed: colourise("✘", code: "31")
        case .error: colourise("✘", code: "31")
        case .skipped: colourise("–", code: "90")
        }
    }

    private func bold(_ text: String) -> String { colourise(text, code: "1") }
    private func dim(_ text: String) -> String { colourise(text, code: "2") }

    private func colourise(_ text: String, code: String) -> String {
        colour ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }
}
