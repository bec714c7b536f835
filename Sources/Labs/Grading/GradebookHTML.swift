/// `gradebook.html`: one self-contained page for the instructor: participants × labs coloured
/// by score, and every step's pass rate as a bar chart (HTML labels, inline SVG bars).
///
/// No scripts, fonts, stylesheets or images are fetched, so the page opens from a CI artifact
/// or an email attachment as is; every text that came from a lab or a submission is escaped.
/// Texts of any length fit: participant names, lab ids and errors wrap (anywhere, within a
/// bounded width), scores and statuses never do, and the chart's labels are laid out by the
/// browser (see `chart(_:)`); `Tests/Browser/test_gradebook_chart.py` checks it in Chromium.
public enum GradebookHTML {
    /// The whole page.
    public static func render(_ book: Gradebook) -> String {
        var html = """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <title>saaslab gradebook</title>
        <style>
        body{font-family:system-ui,sans-serif;margin:2em;color:#222}
        table{border-collapse:collapse}
        th,td{border:1px solid #ccc;padding:.3em .6em;text-align:right;white-space:nowrap}
        th:first-child,td:first-child,.error{text-align:left}
        td.error{color:#900}
        .scroll{overflow-x:auto;max-width:100%}
        .wrap{white-space:normal;overflow-wrap:anywhere;min-width:8em;max-width:20em}
        th .wrap{min-width:5em;max-width:12em}
        td.error .wrap{min-width:12em;max-width:36em}
        .chart{display:grid;grid-template-columns:fit-content(28em) minmax(8em,1fr) max-content;gap:.25em .6em;align-items:center;max-width:72em;font-size:12px}
        .chart .lab{grid-column:1/-1;font-size:14px;font-weight:600;margin-top:.6em;overflow-wrap:anywhere}
        .chart .label{text-align:right;overflow-wrap:anywhere;min-width:0}
        .chart svg{display:block;width:100%;height:18px}
        .chart .rate{white-space:nowrap}
        </style>
        </head>
        <body>
        <h1>Gradebook</h1>
        <p>\(HTML.escape(book.summary.description)); \(book.maxScore) points available.</p>

        """
        if let penalty = book.hintPenalty {
            html += "<p>Hint penalty: \(penalty) point\(penalty == 1 ? "" : "s") off a passed step per hint level revealed beyond the first.</p>\n"
        }
        html += table(book)
        html += "<h2>Pass rate per step</h2>\n" + chart(book)
        html += "</body>\n</html>\n"
        return html
    }

    private static func table(_ book: Gradebook) -> String {
        // On a narrow window the table scrolls sideways in its box rather than squeezing names
        // to a letter a line; the page itself never gets wider than the window.
        var html = "<div class=\"scroll\">\n<table>\n<thead><tr><th>participant</th>"
        for lab in book.labs {
            html += "<th title=\"\(HTML.escape(lab.title))\"><div class=\"wrap\">\(HTML.escape(lab.id)) /\(lab.maxScore)</div></th>"
        }
        html += "<th>score /\(book.maxScore)</th><th>status</th><th>track</th><th title=\"hint levels revealed beyond the first\">hints used</th>"
        html += "<th class=\"error\">error</th></tr></thead>\n<tbody>\n"
        for row in book.rows {
            html += "<tr><td><div class=\"wrap\">\(HTML.escape(row.participant))</div></td>"
            for lab in book.labs {
                if let score = row.score(lab: lab.id) {
                    html += "<td style=\"background:\(HTML.scoreColour(score, of: lab.maxScore))\">\(score)</td>"
                } else {
                    html += "<td>–</td>"
                }
            }
            html += "<td style=\"background:\(HTML.scoreColour(row.score, of: book.maxScore))\">\(row.score)</td>"
            html += "<td>\(row.status.rawValue)</td><td>\(HTML.escape(row.track ?? "–"))</td>\(hints(row, penalised: book.hintPenalty != nil))"
            html += "<td class=\"error\"><div class=\"wrap\">\(HTML.lines(row.error ?? ""))</div></td></tr>\n"
        }
        return html + "</tbody>\n</table>\n</div>\n"
    }

    /// The hints-used cell: the count (with what a penalty took), `–` when the submission did
    /// not run, or why its record could not be read.
    private static func hints(_ row: Gradebook.Row, penalised: Bool) -> String {
        guard let hints = row.hints else { return "<td>–</td>" }
        guard let used = hints.used else {
            return "<td class=\"error\"><div class=\"wrap\">unreadable record: \(HTML.escape(hints.problem ?? ""))</div></td>"
        }
        let detail = hints.steps.map { "\($0.lab)/\($0.step): \($0.levels)" }.joined(separator: ", ")
        let title = detail.isEmpty ? "" : " title=\"\(HTML.escape(detail))\""
        return "<td\(title)>\(used)" + (penalised && hints.penalty > 0 ? " (−\(hints.penalty) pts)" : "") + "</td>"
    }

    /// A horizontal bar per step, grouped by lab under its title: the step's label, an inline
    /// SVG bar scaled to the pass rate, `passed/graded (rate%)`.
    ///
    /// The texts are HTML laid out by a CSS grid, not SVG text: SVG cannot wrap text or size a
    /// column to it, so a long lab title or step id would be cut at the picture's edge. Here a
    /// label wraps within its column (up to 28em, anywhere in a long id), the bar takes the
    /// room left, and the rate never wraps, so no label is ever clipped.
    private static func chart(_ book: Gradebook) -> String {
        var html = "<div class=\"chart\" role=\"list\" aria-label=\"pass rate per step\">\n"
        for lab in book.labs {
            html += "<div class=\"lab\" role=\"listitem\">\(HTML.escape(lab.title)) (\(HTML.escape(lab.id)))</div>\n"
            for step in lab.steps {
                let (passed, graded) = book.passCount(lab: lab.id, step: step.id)
                let rate = graded == 0 ? 0 : Double(passed) / Double(graded)
                let label = "\(lab.id)/\(step.id)" + (step.isExercise ? " (exercise)" : "") + (step.isHidden ? " (hidden)" : "")
                let percent = Int((rate * 100).rounded())
                html += "<div class=\"label\" role=\"listitem\" title=\"\(HTML.escape(step.title))\">\(HTML.escape(label))</div>"
                html += "<svg viewBox=\"0 0 1000 10\" preserveAspectRatio=\"none\" role=\"img\" aria-label=\"\(percent)%\">"
                html += "<rect width=\"1000\" height=\"10\" fill=\"#eee\"/>"
                html += "<rect width=\"\(Int((rate * 1000).rounded()))\" height=\"10\" fill=\"\(HTML.scoreColour(passed, of: graded))\"/></svg>"
                html += "<div class=\"rate\">\(passed)/\(graded) (\(percent)%)</div>\n"
            }
        }
        return html + "</div>\n"
    }
}
