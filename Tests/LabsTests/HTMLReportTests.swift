import Foundation
import Testing
@testable import Labs

/// `--format html`: the terminal report's content on one page that runs nothing, fetches
/// nothing, and keeps every value a participant controls as text.
@Suite struct HTMLReportTests {
    static let hostile = [
        "<script>alert(1)</script>", "</details></pre><script>alert(2)</script>", "</style><style>body{display:none}</style>",
        "\" onmouseover=\"alert(3)", "' onfocus='alert(4)", "&amp; &lt;b&gt; & <b>", "<!-- comment", "]]> <![CDATA[",
        "<img src=https://evil.example/x.png onerror=alert(5)>", "https://evil.example/page", "line one\nline two\r\nline three",
    ]

    /// Every hostile value in every place a run's text can reach, or, with `plain`, the same run
    /// with every character of every value but its line breaks replaced by `v`: the two pages
    /// must have the same elements and attributes.
    static func run(plain: Bool = false) -> RunResult {
        let here = Labs.SourceLocation(file: "labs/01.md", line: 3, column: 1)
        var steps: [StepResult] = []
        for (index, hostile) in hostile.enumerated() {
            let value = plain ? String(hostile.map { $0.isNewline ? $0 : "v" }) : hostile
            var failed = StepResult(
                id: "s\(index)", title: "title \(value)", status: .failed, points: 0, maxPoints: 1, isExercise: true, guardsIsolation: true,
                hint: "hint \(value)", note: "unseen \(value)",
                failures: [AssertFailure(location: here, check: "jsonpath \"$.x\" == \(value)", expected: "== \(value)", actual: value)],
                transcript: "> GET /\(value)\n< HTTP 200\n< \(value)", location: here)
            failed.breachedIsolation = true
            steps.append(failed)
            steps.append(StepResult(id: "m\(index)", title: "message", status: .error, points: 0, maxPoints: 1,
                                    message: "message \(value)", location: here))
            steps.append(StepResult(id: "k\(index)", title: "skipped \(value)", status: .skipped, points: 0, maxPoints: 0,
                                    message: "needs \(value)", location: here))
            steps.append(StepResult(id: "n\(index)", title: "note", status: .passed, points: 1, maxPoints: 1,
                                    note: "note \(value)", location: here))
        }
        let lab = plain ? "v" : hostile.joined(separator: " ")
        return RunResult(labs: [LabResult(id: "lab \(lab)", title: "Lab \(lab)", steps: steps)])
    }

    static let golden = Report.render(ReportGoldenTests.run, format: .html)

    @Test func pageRunsNothingAndFetchesNothing() {
        for html in [Self.golden, Report.render(Self.run(), format: .html, options: ReportOptions(instructor: true, track: "code"))] {
            #expect(html.contains(#"<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">"#))
            #expect(!html.lowercased().contains("<script"))
            #expect(!html.contains("<!--") && !html.contains("<![CDATA["))
            let style = html.components(separatedBy: "<style>")[1].components(separatedBy: "</style>")[0]
            for forbidden in ["url(", "@import", "://"] { #expect(!style.contains(forbidden), "\(forbidden) in the style") }
            for tag in Self.tags(html) {
                let names = Self.shape(tag)[0].split(separator: " ").dropFirst()
                #expect(!names.contains { $0.hasPrefix("on") || ["src", "srcset", "action", "formaction", "data", "poster"].contains($0) }, "\(tag)")
                if let href = tag.range(of: " href=\"") { #expect(tag[href.upperBound...].hasPrefix("#"), "\(tag)") }
                if let value = tag.range(of: " style=\"") {
                    let css = tag[value.upperBound...].prefix { $0 != "\"" }
                    #expect(css.hasPrefix("background:") || css.hasPrefix("flex-grow:"), "\(tag)")
                }
            }
            for element in ["script", "iframe", "object", "embed", "link", "img", "base", "form", "svg"] {
                #expect(!Self.shape(html).contains { $0 == element || $0.hasPrefix(element + " ") }, "<\(element)>")
            }
        }
        #expect(!Self.golden.contains("://"), "nothing in the golden run names a URL, and neither does the page")
    }

    @Test func hostileValuesLeaveTheStructureAsItIs() {
        let hostile = Report.render(Self.run(), format: .html)
        let plain = Report.render(Self.run(plain: true), format: .html)
        let (hostileShape, plainShape) = (Self.shape(hostile), Self.shape(plain))
        #expect(hostileShape.count == plainShape.count, "a value became an element or an attribute")
        if let first = zip(hostileShape, plainShape).enumerated().first(where: { $0.element.0 != $0.element.1 })?.offset {
            Issue.record("a value became an element or an attribute: \(Self.tags(hostile)[first]), where the plain run has \(Self.tags(plain)[first])")
        }
        #expect(hostileShape.count > 400)
        // Every value is there, as text.
        for value in Self.hostile {
            let firstLine = String(value.split(whereSeparator: \.isNewline).first ?? "")
            #expect(hostile.contains("title " + HTML.escape(firstLine)), "\(value)")
            #expect(hostile.contains("hint " + HTML.escape(firstLine)), "\(value)")
            #expect(hostile.contains("<code>== " + HTML.escape(value) + "</code>"), "\(value)")
            #expect(hostile.contains("&lt; " + HTML.escape(value) + "</pre>"), "\(value)")
        }
        #expect(hostile.contains("hint line one<br>line two<br>line three"), "a hint keeps its lines")
        #expect(!hostile.contains("unseen"), "a failed step's note is not shown")
    }

    @Test func escapingCoversContentAndBothQuotes() {
        #expect(HTML.escape(#"<a href="x" title='y'>&amp;</a>"#) == "&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;")
        #expect(HTML.escape("plain — ünïcode 日本") == "plain — ünïcode 日本")
        #expect(HTML.lines("a<b\nc\r\nd") == "a&lt;b<br>c<br>d")
    }

    @Test func stepsShowStatusInWordsPointsFlagsAndTheirDetails() {
        let html = Self.golden
        #expect(html.contains(#"<h1>Score <span class="score" style="background:hsl(30,70%,80%)">5/20</span></h1>"#))
        #expect(html.contains(#"<p class="summary">1 of 4 steps passed</p>"#))
        #expect(html.contains("<title>saaslab: 5/20 points, 1 of 4 steps passed</title>"))
        for (status, word) in [("passed", "passed"), ("failed", "failed"), ("error", "error"), ("skipped", "skipped")] {
            #expect(Self.count(#"<li class="step \#(status)""#, in: html) == 1, "\(status)")
            #expect(html.contains(#"<span class="count">1</span> \#(word)</li>"#), "\(status)")
        }
        #expect(html.contains(#"<span aria-hidden="true">✘</span> failed</span> <span class="title">Tenant &lt;one&gt; &amp; &quot;two&quot; | isolated</span> <span class="points">0/10</span> <span class="flags"><span class="flag">exercise</span></span>"#))
        #expect(html.contains(#"<p class="note"><b>Note:</b> The tenant&#39;s &lt;pool&gt; &amp; &quot;client&quot; | exist now.</p>"#))
        #expect(!html.contains("Shown only when the step passes."))
        #expect(html.contains(#"<p><code>labs/01-onboarding.md:24:1</code>: <code>jsonpath &quot;$.error&quot; contains &quot;AccessDenied&quot;</code></p>"#))
        #expect(html.contains(#"<p class="hint"><b>Hint:</b> Read the role&#39;s policy"#))
        #expect(html.contains(#"<p class="message">needs step &#39;isolation&#39;, which did not pass</p>"#))
        // The exchange is folded: a closed <details>, the transcript exactly, after the newline
        // the parser drops.
        #expect(html.contains("<details><summary>Exchange</summary><pre>\n&gt; GET /products\n&gt; Host: saaslab.local\n&lt; HTTP 200 OK\n&lt;\n&lt; []</pre></details>"))
        #expect(Self.count("<details", in: html) == 1)
        #expect(!html.contains("<details open"))
        #expect(html.contains(#"<h2><span class="title">Lab 1 — Onboarding</span> <span class="id">(onboarding)</span> "#))
        #expect(!html.contains("Track:") && !html.contains("Ran in"))
        // One bar segment per step, linking to it.
        #expect(Self.count(#"<a class=""#, in: html) == 4)
        #expect(html.contains(##"<a class="failed" href="#step-1-2" tabindex="-1" title="onboarding / Tenant &lt;one&gt; &amp; &quot;two&quot; | isolated: failed"></a>"##))
        #expect(html.contains(#"<li class="step failed" id="step-1-2">"#))
    }

    @Test func hiddenStepsOnlyForTheInstructor() {
        #expect(!Self.golden.contains("Audit trail"))
        let instructor = Report.render(ReportGoldenTests.run, format: .html, options: ReportOptions(instructor: true))
        #expect(instructor.contains(#"<span class="title">Audit trail</span> <span class="points">4/4</span> <span class="flags"><span class="flag">hidden</span></span>"#))
        #expect(instructor.contains(">9/24</span></h1>"))
        #expect(instructor.contains("2 of 5 steps passed"))
    }

    @Test func aBreachedIsolationStepShowsTheCap() {
        let here = Labs.SourceLocation(file: "lab.md", line: 1, column: 1)
        var leak = StepResult(id: "leak", title: "No <leak>", status: .failed, points: 0, maxPoints: 10, guardsIsolation: true, location: here)
        leak.breachedIsolation = true
        let lab = LabResult(id: "tables", title: "Tables", steps: [
            StepResult(id: "ok", title: "Fine", status: .passed, points: 10, maxPoints: 10, location: here), leak,
        ])
        let html = Report.render(RunResult(labs: [lab]), format: .html)
        #expect(html.contains(#"<p class="cap"><span aria-hidden="true">⚠</span> isolation breached (No &lt;leak&gt;): at most 10 of 20 for this lab</p>"#))
        #expect(html.contains(#"<span class="flag">isolation</span>"#))
        #expect(!Self.golden.contains(#"class="cap""#))
    }

    @Test func seededRunsAreTheSameBytesAndTimedRunsShowDurations() {
        #expect(Self.golden == Report.render(ReportGoldenTests.run, format: .html))
        let timings = RunTimings(total: .milliseconds(1500), labs: ["onboarding": .milliseconds(42)])
        let timed = Report.render(ReportGoldenTests.run, format: .html, options: ReportOptions(timings: timings, track: "settings"))
        #expect(timed.contains(#"<p class="time">Ran in 1.500 s</p>"#))
        #expect(timed.contains(#"<p class="summary">1 of 4 steps passed · 0.042 s</p>"#))
        #expect(timed.contains(#"<p class="track">Track: settings</p>"#))
        #expect(ReportFormat.html.showsTimings && ReportFormat.junit.showsTimings && !ReportFormat.markdown.showsTimings)
    }

    @Test func anEmptyRunAndAnAllPassedLabStillRead() {
        let empty = Report.render(RunResult(labs: []), format: .html)
        #expect(empty.contains(">0/0</span></h1>") && empty.contains("0 of 0 steps passed"))
        #expect(!empty.contains(#"class="bar""#))
        let here = Labs.SourceLocation(file: "lab.md", line: 1, column: 1)
        let done = Report.render(RunResult(labs: [LabResult(id: "a", title: "A", steps: [
            StepResult(id: "x", title: "X", status: .passed, points: 0, maxPoints: 0, location: here),
        ])]), format: .html)
        #expect(done.contains(#"<li class="none-left">Every step of this lab passed.</li>"#))
        #expect(!done.contains(#"class="points""#), "a step worth nothing shows no points, as in the terminal report")
        #expect(!Self.golden.contains("none-left\">"))
    }

    // MARK: - Reading the page

    /// The page's tags, `<` to `>`, in order. The report writes `<` only to open a tag (values
    /// and its CSS never hold one), so this is exact.
    static func tags(_ html: String) -> [String] {
        var tags: [String] = []
        var current: String?
        for character in html {
            if character == "<" { current = "" }
            if current != nil { current!.append(character) }
            if character == ">", let tag = current {
                tags.append(tag)
                current = nil
            }
        }
        return tags
    }

    /// Each tag's name and attribute names, without the values: what a value must never change.
    static func shape(_ html: String) -> [String] {
        tags(html).map { tag in
            var names: [String] = []
            var inQuotes = false
            var word = ""
            for character in tag.dropFirst().dropLast() {
                if character == "\"" { inQuotes.toggle(); word = ""; continue }
                if inQuotes { continue }
                if character == " " || character == "=" {
                    if !word.isEmpty { names.append(word) }
                    word = ""
                } else {
                    word.append(character)
                }
            }
            if !word.isEmpty { names.append(word) }
            return names.joined(separator: " ")
        }
    }

    static func count(_ needle: String, in html: String) -> Int {
        html.components(separatedBy: needle).count - 1
    }
}
