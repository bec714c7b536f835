/// A CI job summary (GitHub's `$GITHUB_STEP_SUMMARY`, GitLab, Gitea): one table per lab, one
/// row per step.
///
/// Titles, messages, hints, notes and failures quote what a participant controls (their files,
/// the responses their work produced, names), so none of it is written as Markdown: prose is
/// escaped (``Markdown/text(_:inTable:)``) and checks and values go in code spans
/// (``Markdown/code(_:inTable:)``). Nothing can become HTML, emphasis, a link or an extra column.
enum MarkdownReport {
    /// With a `track`, a line under the heading names it (`Track: code`).
    static func render(_ run: RunResult, track: String? = nil) -> String {
        var lines = ["## saaslab: \(run.score)/\(run.maxScore) points", ""]
        if let track { lines += ["Track: \(Markdown.text(track, inTable: false))", ""] }
        for lab in run.labs {
            lines += ["### \(Markdown.text(lab.title, inTable: false)) (\(Markdown.code(lab.id, inTable: false))): \(lab.score)/\(lab.maxScore)", ""]
            lines += ["| | Step | Points | Details |", "|---|---|---:|---|"]
            for step in lab.steps {
                let icon = switch step.status {
                case .passed: "✅"
                case .failed: "❌"
                case .error: "⚠️"
                case .skipped: "⏭️"
                }
                lines.append("| \(icon) | \(Markdown.text(step.title)) | \(step.points)/\(step.maxPoints) | \(details(step).joined(separator: "<br>")) |")
            }
            lines.append("")
        }
        return lines.joined(separator: "\n")
    }

    /// What the Details cell shows: the cause, then the message, else each failure; the hint
    /// of a failed step and the levels revealed; the note of a passed one.
    private static func details(_ step: StepResult) -> [String] {
        var parts: [String] = []
        if let cause = step.cause { parts.append("Cause: " + Markdown.text(cause)) }
        if let message = step.message {
            parts.append(Markdown.text(message))
        } else {
            for failure in step.failures {
                parts.append("\(Markdown.code(failure.location.description)) \(Markdown.code(failure.check)): expected \(Markdown.code(failure.expected)), actual \(Markdown.code(failure.actual))")
            }
        }
        for (level, hint) in step.shownHints { parts.append("\(level == 1 ? "Hint" : HintLevels.label(level)): " + Markdown.text(hint)) }
        if let note = step.shownNote { parts.append("Note: " + Markdown.text(note)) }
        return parts
    }
}

/// Text that stays text in CommonMark and GitHub Flavored Markdown, wherever it came from.
enum Markdown {
    /// Prose shown as written: `&`, `<` and `>` as entities (never HTML), and every other ASCII
    /// punctuation character that can start Markdown syntax backslash-escaped (emphasis `*` `_`
    /// `~`, links and images `[` `]` `!`, code `` ` ``, autolinks `:` `.` `@`, headings and
    /// references `#`, math `$`). In a table cell `|` is escaped too and a line break becomes
    /// `<br>`; elsewhere (a heading) a line break becomes a space.
    static func text(_ value: String, inTable: Bool = true) -> String {
        lines(value).map { line in
            var out = ""
            for scalar in line.unicodeScalars {
                switch scalar {
                case "&": out += "&amp;"
                case "<": out += "&lt;"
                case ">": out += "&gt;"
                case "\\", "`", "*", "_", "{", "}", "[", "]", "#", "+", "!", "|", "~", ":", ".", "@", "$", "^":
                    out += "\\"
                    out.unicodeScalars.append(scalar)
                default:
                    out.unicodeScalars.append(scalar)
                }
            }
            return out
        }.joined(separator: inTable ? "<br>" : " ")
    }

    /// Values shown exactly (checks, expected and actual values, ids): a code span per line,
    /// fenced by one more backtick than the longest run of backticks inside, padded with a space
    /// when the text starts or ends with a backtick or with spaces (CommonMark strips one space
    /// from each side). In a table `|` is escaped (GFM splits cells before it sees code spans)
    /// and lines are joined with `<br>`.
    static func code(_ value: String, inTable: Bool = true) -> String {
        lines(value).map { line in
            var longest = 0
            var run = 0
            for character in line {
                run = character == "`" ? run + 1 : 0
                longest = max(longest, run)
            }
            // An empty span would not be one: a lone space shows the emptiness.
            guard !line.isEmpty else { return "` `" }
            let fence = String(repeating: "`", count: longest + 1)
            let allSpaces = line.allSatisfy { $0 == " " }
            let pad = !allSpaces && (line.hasPrefix("`") || line.hasSuffix("`") || (line.hasPrefix(" ") && line.hasSuffix(" "))) ? " " : ""
            var body = ""
            for scalar in line.unicodeScalars {
                if scalar == "|" && inTable { body += "\\" }
                body.unicodeScalars.append(scalar)
            }
            return fence + pad + body + pad + fence
        }.joined(separator: inTable ? "<br>" : " ")
    }

    /// The lines of `value`: split at LF, CR and CRLF.
    private static func lines(_ value: String) -> [String] {
        var lines: [String] = []
        var line = ""
        var afterCR = false
        for scalar in value.unicodeScalars {
            if scalar == "\n" && afterCR {
                afterCR = false
                continue
            }
            afterCR = scalar == "\r"
            if scalar == "\n" || scalar == "\r" {
                lines.append(line)
                line = ""
            } else {
                line.unicodeScalars.append(scalar)
            }
        }
        lines.append(line)
        return lines
    }
}
