/// JUnit XML: one `testsuite` per lab, one `testcase` per step (what CI users ask for,
/// rather than one per file), failures and errors with their messages.
///
/// Valid against junit-10.xsd, the schema Jenkins' xUnit plugin and pytest check JUnit files
/// with (kept in Tests/LabsTests/Fixtures): `skipped` is counted per suite only, and a step's
/// points and flags are properties of its suite (`<step id>.points`, `.exercise`, `.hidden`),
/// since a `testcase` may hold no `properties`. `time` is written only when the run was timed.
/// With a `track`, each suite's first property names it (`track` = `code` or `settings`; the
/// schema gives `testsuites` no properties of its own).
enum JUnitReport {
    static func render(_ run: RunResult, timings: RunTimings? = nil, track: String? = nil) -> String {
        let steps = run.allSteps
        let total = timings.map { " time=\"\(RunTimings.seconds($0.total))\"" } ?? ""
        var lines = [
            #"<?xml version="1.0" encoding="UTF-8"?>"#,
            "<testsuites name=\"saaslab\" tests=\"\(steps.count)\" failures=\(count(steps, .failed)) errors=\(count(steps, .error))\(total)>",
        ]
        for lab in run.labs {
            let time = timings?.labs[lab.id].map { " time=\"\(RunTimings.seconds($0))\"" } ?? ""
            lines.append("  <testsuite name=\(attribute(lab.title)) id=\(attribute(lab.id)) tests=\"\(lab.steps.count)\" failures=\(count(lab.steps, .failed)) errors=\(count(lab.steps, .error)) skipped=\(count(lab.steps, .skipped))\(time)>")
            lines.append("    <properties>")
            if let track { lines.append("      <property name=\"track\" value=\(attribute(track))/>") }
            lines.append("      <property name=\"score\" value=\"\(lab.score)/\(lab.maxScore)\"/>")
            for step in lab.steps {
                lines.append("      <property name=\(attribute(step.id + ".points")) value=\"\(step.points)/\(step.maxPoints)\"/>")
                lines.append("      <property name=\(attribute(step.id + ".exercise")) value=\"\(step.isExercise)\"/>")
                lines.append("      <property name=\(attribute(step.id + ".hidden")) value=\"\(step.isHidden)\"/>")
            }
            lines.append("    </properties>")
            for step in lab.steps {
                let open = "    <testcase classname=\(attribute(lab.id)) name=\(attribute(step.title))"
                switch step.status {
                case .passed:
                    if let note = step.shownNote {
                        lines += [open + ">", "      <system-out>\(text("Note: " + note))</system-out>", "    </testcase>"]
                    } else {
                        lines.append(open + "/>")
                    }
                case .failed, .error:
                    let tag = step.status == .failed ? "failure" : "error"
                    var body = step.detail ?? ""
                    // The cause first, and as the message CI shows: a hint written for another
                    // cause must not read as the explanation.
                    if let cause = step.cause { body = "Cause: \(cause)\n" + body }
                    for (level, hint) in step.shownHints { body += "\n\(level == 1 ? "Hint" : HintLevels.label(level)): \(hint)" }
                    if let transcript = step.transcript { body += "\n\n" + transcript }
                    let message = step.cause.map { "Cause: \($0)" } ?? firstLine(step.detail ?? tag)
                    lines += [open + ">",
                              "      <\(tag) message=\(attribute(message))>\(text(body))</\(tag)>",
                              "    </testcase>"]
                case .skipped:
                    lines += [open + ">", "      <skipped message=\(attribute(step.message ?? "skipped"))/>", "    </testcase>"]
                }
            }
            lines.append("  </testsuite>")
        }
        lines.append("</testsuites>")
        return lines.joined(separator: "\n") + "\n"
    }

    private static func count(_ steps: [StepResult], _ status: StepStatus) -> String {
        "\"\(steps.filter { $0.status == status }.count)\""
    }

    private static func firstLine(_ text: String) -> String {
        String(text.split(separator: "\n", omittingEmptySubsequences: false).first ?? "")
    }

    /// A quoted attribute value; line breaks and tabs as character references so parsers keep
    /// them (a parser turns literal ones into spaces).
    static func attribute(_ value: String) -> String {
        var escaped = ""
        for scalar in text(value).unicodeScalars {
            switch scalar {
            case "\"": escaped += "&quot;"
            case "\n": escaped += "&#10;"
            case "\r": escaped += "&#13;"
            case "\t": escaped += "&#9;"
            default: escaped.unicodeScalars.append(scalar)
            }
        }
        return "\"" + escaped + "\""
    }

    /// Character data: markup characters escaped, characters XML 1.0 forbids dropped.
    static func text(_ value: String) -> String {
        var out = ""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\t", "\n", "\r": out.unicodeScalars.append(scalar)
            default:
                // XML 1.0 allows no other control characters, even escaped.
                if scalar.value >= 0x20 && scalar.value != 0xFFFE && scalar.value != 0xFFFF { out.unicodeScalars.append(scalar) }
            }
        }
        return out
    }
}

/// TAP 13: a plan, `ok`/`not ok` per step, `# SKIP` for skipped steps, YAML diagnostics.
enum TAPReport {
    static func render(_ run: RunResult) -> String {
        let steps = run.labs.flatMap { lab in lab.steps.map { (lab, $0) } }
        var lines = ["TAP version 13", "1..\(steps.count)"]
        for (number, (lab, step)) in zip(1..., steps) {
            let name = "\(lab.id) / \(step.title)".tapEscaped
            switch step.status {
            case .passed:
                lines.append("ok \(number) - \(name)")
                if let note = step.shownNote { lines += ["  ---", "  note: \(yaml(note))", "  ..."] }
            case .skipped:
                lines.append("ok \(number) - \(name) # SKIP \((step.message ?? "").tapEscaped)")
            case .failed, .error:
                lines.append("not ok \(number) - \(name)")
                lines.append("  ---")
                lines.append("  status: \(step.status.rawValue)")
                lines.append("  points: \(step.points)/\(step.maxPoints)")
                lines.append("  at: \(yaml(step.location.description))")
                if let cause = step.cause { lines.append("  cause: \(yaml(cause))") }
                if let message = step.message { lines.append("  message: \(yaml(message))") }
                if !step.failures.isEmpty {
                    lines.append("  failures:")
                    for failure in step.failures {
                        lines += ["    - at: \(yaml(failure.location.description))", "      check: \(yaml(failure.check))",
                                  "      expected: \(yaml(failure.expected))", "      actual: \(yaml(failure.actual))"]
                    }
                }
                // `hint`, `hint2`, `hint3`: the names the levels have in a lab file.
                for (level, hint) in step.shownHints { lines.append("  hint\(level == 1 ? "" : String(level)): \(yaml(hint))") }
                lines.append("  ...")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// A double-quoted YAML scalar (JSON's escapes are valid YAML).
    private static func yaml(_ text: String) -> String {
        JSONString.quoted(text)
    }
}

extension String {
    /// TAP 13 text on a test line: a line break would start a forged `ok` line, so breaks
    /// become spaces; `#` would start a directive and `\` would escape one, so both are escaped.
    var tapEscaped: String {
        var result = ""
        for c in self {
            switch c {
            case "\\": result += "\\\\"
            case "#": result += "\\#"
            case _ where c.isNewline: result += " "
            default: result.append(c)
            }
        }
        return result
    }
}
