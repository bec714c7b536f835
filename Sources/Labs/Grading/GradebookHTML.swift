/// `gradebook.html`: one self-contained page for the instructor: participants × labs coloured
/// by score, and every step's pass rate as an inline SVG bar chart.
///
/// No scripts, fonts, stylesheets or images are fetched, so the page opens from a CI artifact
/// or an email attachment as is; every text that came from a lab or a submission is escaped.
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
        th,td{border:1px solid #ccc;padding:.3em .6em;text-align:right}
        th:first-child,td:first-child,td.error{text-align:left}
        td.error{color:#900;max-width:40em}
        </style>
        </head>
        <body>
        <h1>Gradebook</h1>
        <p>\(escape(book.summary.description)); \(book.maxScore) points available.</p>

        """
        html += table(book)
        html += "<h2>Pass rate per step</h2>\n" + chart(book)
        html += "</body>\n</html>\n"
        return html
    }

    private static func table(_ book: Gradebook) -> String {
        var html = "<table>\n<thead><tr><th>participant</th>"
        for lab in book.labs {
            html += "<th title=\"\(escape(lab.title))\">\(escape(lab.id)) /\(lab.maxScore)</th>"
        }
        html += "<th>score /\(book.maxScore)</th><th>status</th><th>error</th></tr></thead>\n<tbody>\n"
        for row in book.rows {
            html += "<tr><td>\(escape(row.participant))</td>"
            for lab in book.labs {
                if let score = row.score(lab: lab.id) {
                    html += "<td style=\"background:\(colour(score, of: lab.maxScore))\">\(score)</td>"
                } else {
                    html += "<td>–</td>"
                }
            }
            html += "<td style=\"background:\(colour(row.score, of: book.maxScore))\">\(row.score)</td>"
            html += "<td>\(row.status.rawValue)</td><td class=\"error\">\(lines(row.error ?? ""))</td></tr>\n"
        }
        return html + "</tbody>\n</table>\n"
    }

    /// A horizontal bar per step: label, bar scaled to the pass rate, `passed/graded`.
    private static func chart(_ book: Gradebook) -> String {
        let steps = book.labs.flatMap { lab in lab.steps.map { (lab: lab.id, step: $0) } }
        let barHeight = 18
        let labelWidth = 320
        let barWidth = 400
        let height = max(1, steps.count) * (barHeight + 6) + 6
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(labelWidth + barWidth + 120)\" height=\"\(height)\" role=\"img\" aria-label=\"pass rate per step\">\n"
        for (index, item) in steps.enumerated() {
            let (passed, graded) = book.passCount(lab: item.lab, step: item.step.id)
            let rate = graded == 0 ? 0 : Double(passed) / Double(graded)
            let y = 6 + index * (barHeight + 6)
            let label = "\(item.lab)/\(item.step.id)" + (item.step.isExercise ? " (exercise)" : "") + (item.step.isHidden ? " (hidden)" : "")
            let text = y + barHeight - 5
            svg += "<text x=\"\(labelWidth - 6)\" y=\"\(text)\" text-anchor=\"end\" font-size=\"12\">\(escape(label))</text>"
            svg += "<rect x=\"\(labelWidth)\" y=\"\(y)\" width=\"\(barWidth)\" height=\"\(barHeight)\" fill=\"#eee\"/>"
            svg += "<rect x=\"\(labelWidth)\" y=\"\(y)\" width=\"\(Int((rate * Double(barWidth)).rounded()))\" height=\"\(barHeight)\" fill=\"\(colour(passed, of: graded))\"/>"
            svg += "<text x=\"\(labelWidth + barWidth + 6)\" y=\"\(text)\" font-size=\"12\">\(passed)/\(graded) (\(Int((rate * 100).rounded()))%)</text>\n"
        }
        return svg + "</svg>\n"
    }

    /// Red at 0, through amber, to green at full marks; grey when nothing is available.
    static func colour(_ score: Int, of maximum: Int) -> String {
        guard maximum > 0 else { return "#eeeeee" }
        let fraction = min(1, max(0, Double(score) / Double(maximum)))
        return "hsl(\(Int((fraction * 120).rounded())),70%,80%)"
    }

    /// Text escaped for HTML content, its lines (an error names every broken file on one) kept.
    static func lines(_ text: String) -> String {
        text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).map { escape(String($0)) }.joined(separator: "<br>")
    }

    /// Text made safe for HTML content and double-quoted attributes.
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }
}
