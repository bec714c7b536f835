/// `saaslab run --format html`: the terminal report as one self-contained page, for a
/// participant to open from a CI artifact or an email attachment.
///
/// The same content as the terminal report: the score and how many steps passed, per lab its
/// title, id, score and isolation cap, per step its status (an icon and a word, never colour
/// alone), title, points and flags, and for a step that did not pass its message, failures,
/// hint and exchange (folded in a `<details>`); a passed step's note. At a glance: counts per
/// status for the run and for each lab, a bar of one segment per step, and steps that did not
/// pass set apart; a checkbox shows only those, through CSS alone.
///
/// No script, no fetched font, stylesheet or image: one file with an inline `<style>`, and a
/// Content-Security-Policy that lets nothing else run or load even if a value slipped through.
/// Every text from the run is escaped (``HTML/escape(_:)``). No date is written, so a seeded run
/// gives the same bytes every time; with timings (an unseeded run) the durations are shown.
/// `Tests/Browser/html_report.py` checks the page in Chromium.
enum HTMLReport {
    static func render(_ run: RunResult, track: String? = nil, timings: RunTimings? = nil) -> String {
        let steps = run.allSteps
        let passed = steps.filter { $0.status == .passed }.count
        let summary = "\(passed) of \(steps.count) steps passed"
        var html = """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>saaslab: \(run.score)/\(run.maxScore) points, \(summary)</title>
        <style>\(style)</style>
        </head>
        <body>
        <header>
        <h1>Score \(score(run.score, of: run.maxScore))</h1>
        <p class="summary">\(summary)</p>
        \(counts(steps))

        """
        if let track { html += "<p class=\"track\">Track: \(HTML.escape(track))</p>\n" }
        if let timings { html += "<p class=\"time\">Ran in \(RunTimings.seconds(timings.total)) s</p>\n" }
        html += bar(run)
        html += "</header>\n"
        // A checkbox and CSS (`:checked ~ main`): the page works with no script at all.
        html += "<input type=\"checkbox\" id=\"only-not-passed\"><label for=\"only-not-passed\">Show only steps that did not pass</label>\n"
        html += "<main>\n"
        for (index, lab) in run.labs.enumerated() {
            html += section(lab, number: index + 1, time: timings?.labs[lab.id])
        }
        return html + "</main>\n</body>\n</html>\n"
    }

    private static func section(_ lab: LabResult, number: Int, time: Duration?) -> String {
        let passed = lab.steps.filter { $0.status == .passed }.count
        var html = "<section class=\"lab\" id=\"lab-\(number)\">\n"
        html += "<h2><span class=\"title\">\(HTML.escape(lab.title))</span> <span class=\"id\">(\(HTML.escape(lab.id)))</span> "
        html += score(lab.score, of: lab.maxScore) + "</h2>\n"
        let seconds = time.map { " · \(RunTimings.seconds($0)) s" } ?? ""
        html += "<p class=\"summary\">\(passed) of \(lab.steps.count) steps passed\(seconds)</p>\n"
        html += counts(lab.steps) + "\n"
        if let cap = lab.isolationCap {
            let breached = lab.isolationBreaches.map(\.title).joined(separator: "; ")
            html += "<p class=\"cap\"><span aria-hidden=\"true\">⚠</span> isolation breached (\(HTML.escape(breached))): "
            html += "at most \(cap) of \(lab.maxScore) for this lab</p>\n"
        }
        html += "<ol class=\"steps\">\n"
        for (index, step) in lab.steps.enumerated() {
            html += item(step, id: "step-\(number)-\(index + 1)")
        }
        if !lab.steps.isEmpty && passed == lab.steps.count {
            html += "<li class=\"none-left\">Every step of this lab passed.</li>\n"
        }
        return html + "</ol>\n</section>\n"
    }

    private static func item(_ step: StepResult, id: String) -> String {
        var html = "<li class=\"step \(step.status.rawValue)\" id=\"\(id)\">\n<div class=\"line\">"
        html += "<span class=\"status\"><span aria-hidden=\"true\">\(icon(step.status))</span> \(step.status.rawValue)</span> "
        html += "<span class=\"title\">\(HTML.escape(step.title))</span>"
        if step.maxPoints != 0 { html += " <span class=\"points\">\(step.points)/\(step.maxPoints)</span>" }
        let flags = [(step.isExercise, "exercise"), (step.guardsIsolation, "isolation"), (step.isHidden, "hidden")].filter(\.0).map(\.1)
        if !flags.isEmpty {
            html += " <span class=\"flags\">" + flags.map { "<span class=\"flag\">\($0)</span>" }.joined(separator: " ") + "</span>"
        }
        html += "</div>\n"
        return html + details(step) + "</li>\n"
    }

    /// What the terminal report writes under a step: for one that did not pass, the cause (an
    /// error answer it did not ask for), the message, each failure, the hint and the levels
    /// revealed (when it failed) and the exchange; for a passed one, its note.
    private static func details(_ step: StepResult) -> String {
        guard step.status != .passed else {
            return step.shownNote.map { "<p class=\"note\"><b>Note:</b> \(HTML.lines($0))</p>\n" } ?? ""
        }
        var html = ""
        if let cause = step.cause { html += "<p class=\"cause\"><b>Cause:</b> \(HTML.lines(cause))</p>\n" }
        if let message = step.message { html += "<p class=\"message\">\(HTML.lines(message))</p>\n" }
        for failure in step.failures {
            html += "<div class=\"failure\"><p><code>\(HTML.escape(failure.location.description))</code>: "
            html += "<code>\(HTML.escape(failure.check))</code></p>\n"
            html += "<dl><dt>expected</dt><dd><code>\(HTML.escape(failure.expected))</code></dd>"
            html += "<dt>actual</dt><dd><code>\(HTML.escape(failure.actual))</code></dd></dl></div>\n"
        }
        for (level, hint) in step.shownHints {
            html += "<p class=\"hint\"><b>\(level == 1 ? "Hint" : HintLevels.label(level)):</b> \(HTML.lines(hint))</p>\n"
        }
        if let transcript = step.transcript {
            // The parser drops one newline right after `<pre>`: this one, so a transcript that
            // starts with a newline keeps it.
            html += "<details><summary>Exchange</summary><pre>\n\(HTML.escape(transcript))</pre></details>\n"
        }
        return html
    }

    /// How many steps have each status: passed and failed always, the others when there are any.
    private static func counts(_ steps: [StepResult]) -> String {
        var items: [String] = []
        for status in [StepStatus.passed, .failed, .error, .skipped] {
            let count = steps.filter { $0.status == status }.count
            guard count > 0 || status == .passed || status == .failed else { continue }
            let word = status == .error ? (count == 1 ? "error" : "errors") : status.rawValue
            let mark = "<span aria-hidden=\"true\">\(icon(status))</span>"
            items.append("<li class=\"\(status.rawValue)\">\(mark) <span class=\"count\">\(count)</span> \(word)</li>")
        }
        return "<ul class=\"counts\">" + items.joined() + "</ul>"
    }

    /// One segment per step, coloured by status, each lab's segments apart from the next's and
    /// as wide as its share of the steps: the run at a glance; a segment links to its step. The
    /// counts above say the same in words, so screen readers skip it.
    private static func bar(_ run: RunResult) -> String {
        guard !run.allSteps.isEmpty else { return "" }
        var html = "<div class=\"bar\" aria-hidden=\"true\">"
        for (number, lab) in run.labs.enumerated() where !lab.steps.isEmpty {
            html += "<div class=\"lab-bar\" style=\"flex-grow:\(lab.steps.count)\">"
            for (index, step) in lab.steps.enumerated() {
                let title = "\(lab.id) / \(step.title): \(step.status.rawValue)"
                html += "<a class=\"\(step.status.rawValue)\" href=\"#step-\(number + 1)-\(index + 1)\" tabindex=\"-1\""
                html += " title=\"\(HTML.escape(title))\"></a>"
            }
            html += "</div>"
        }
        return html + "</div>\n"
    }

    /// A score on the gradebook's red-to-green background.
    private static func score(_ score: Int, of maximum: Int) -> String {
        "<span class=\"score\" style=\"background:\(HTML.scoreColour(score, of: maximum))\">\(score)/\(maximum)</span>"
    }

    private static func icon(_ status: StepStatus) -> String {
        switch status {
        case .passed: "✔"
        case .failed: "✘"
        case .error: "⚠"
        case .skipped: "–"
        }
    }

    /// GradebookHTML's look (system font, #222 on white, red-to-green score backgrounds, thin
    /// grey rules), laid out for any width down to a phone's: long words wrap anywhere and only
    /// an exchange's `<pre>` scrolls sideways, inside its own box.
    private static let style = """

    body{font-family:system-ui,sans-serif;margin:0 auto;padding:1em 2em 2em;max-width:60em;color:#222;overflow-wrap:anywhere}
    h1{margin:.2em 0}
    h2{font-size:1.2em;margin:0 0 .3em}
    .score{padding:0 .3em;border-radius:.2em;white-space:nowrap}
    .id,.summary,.time,.track{color:#555}
    .summary,.time,.track{margin:.2em 0}
    .counts{list-style:none;padding:0;margin:.3em 0;display:flex;flex-wrap:wrap;gap:.2em 1em}
    .counts .passed{color:#1a7f37}
    .counts .failed,.counts .error{color:#b00}
    .counts .skipped{color:#666}
    .bar{display:flex;gap:4px;margin:.6em 0;height:14px}
    .lab-bar{display:flex;flex:1 1 0;gap:1px;min-width:0}
    .bar a{flex:1 1 0;min-width:0;background:#ccc}
    .bar a.passed{background:hsl(120,60%,45%)}
    .bar a.failed,.bar a.error{background:hsl(0,70%,50%)}
    #only-not-passed{margin:1em .4em 1em 0}
    #only-not-passed:checked ~ main .step.passed{display:none}
    .none-left{display:none;color:#555;font-style:italic}
    #only-not-passed:checked ~ main .none-left{display:block}
    .lab{border-top:1px solid #ccc;padding-top:.8em;margin-top:1em}
    .cap{color:#b00;font-weight:600}
    .steps{list-style:none;padding:0;margin:.5em 0}
    .step{border-left:4px solid #ccc;padding:.3em .6em;margin:.3em 0}
    .step.passed{border-color:hsl(120,60%,45%)}
    .step.failed,.step.error{border-color:hsl(0,70%,50%);background:#fdf0f0}
    .step.skipped{border-color:#999;background:#f4f4f4;color:#555}
    .line{display:flex;flex-wrap:wrap;align-items:baseline;gap:.2em .6em}
    .status{font-weight:600;white-space:nowrap}
    .passed .status{color:#1a7f37}
    .failed .status,.error .status{color:#b00}
    .line .title{flex:1 1 12em;min-width:0}
    .points{white-space:nowrap}
    .flag{font-size:.8em;border:1px solid #ccc;border-radius:.6em;padding:0 .4em;color:#555}
    .step p{margin:.3em 0}
    .hint{color:#7a4d00}
    .cause{color:#900}
    .note{color:#225}
    code{white-space:pre-wrap;font-size:.9em}
    .failure{margin:.3em 0}
    dl{display:grid;grid-template-columns:max-content minmax(0,1fr);align-items:baseline;gap:.1em .6em;margin:.2em 0 .2em 1em}
    dt{color:#555}
    dd{margin:0}
    details{margin:.3em 0}
    summary{cursor:pointer;color:#555}
    pre{overflow-x:auto;overflow-wrap:normal;background:#f6f6f6;border:1px solid #ddd;padding:.5em;margin:.3em 0;font-size:.85em}
    @media (max-width:40em){body{padding:.5em .8em}}

    """
}
