import Foundation
import Testing
@testable import Labs

/// The Markdown report quotes participants' files, responses and names: none of it may become
/// HTML, emphasis, a link, a code span's end or a new table cell.
@Suite struct MarkdownReportTests {
    static let hostile = [
        "<img src=x onerror=alert(1)>", "**bold** _em_ ~~gone~~", "a`b", "``", "`edge`", "cell | split",
        "line one\nline two\r\nline three", "[click](https://evil.example) ![i](x.png)", "https://evil.example www.evil.example",
        "&lt;entity&gt; &amp;", "# not a heading", "\\| backslash-pipe", "$x^2$ :smile: @someone #1",
    ]

    /// Every hostile value in every place a participant's text can reach.
    static let run: RunResult = {
        let here = Labs.SourceLocation(file: "labs/01.md", line: 3, column: 1)
        var steps: [StepResult] = []
        for (index, value) in hostile.enumerated() {
            steps.append(StepResult(
                id: "s\(index)", title: "title \(value)", status: .failed, points: 0, maxPoints: 1, hint: "hint \(value)",
                failures: [AssertFailure(location: here, check: "jsonpath \"$.x\" == \(value)", expected: "== \(value)", actual: value)],
                location: here))
            steps.append(StepResult(id: "m\(index)", title: "message", status: .error, points: 0, maxPoints: 1,
                                    message: "message \(value)", location: here))
            steps.append(StepResult(id: "n\(index)", title: "note", status: .passed, points: 1, maxPoints: 1,
                                    note: "note \(value)", location: here))
        }
        return RunResult(labs: [LabResult(id: "lab`|<x>", title: "Lab <b>1</b> | **x**\nsecond line", steps: steps)])
    }()

    @Test func hostileValuesMatchTheirGolden() throws {
        let rendered = Report.render(Self.run, format: .markdown)
        let url = ReportGoldenTests.fixtures.appendingPathComponent("report-hostile.md")
        if ProcessInfo.processInfo.environment["SAASLAB_UPDATE_GOLDENS"] == "1" {
            try Data(rendered.utf8).write(to: url)
        }
        #expect(rendered == (try String(contentsOf: url, encoding: .utf8)), "report-hostile.md differs from its golden")
    }

    @Test func noRawMarkupSurvives() {
        let markdown = Report.render(Self.run, format: .markdown)
        let rows = markdown.split(separator: "\n").filter { $0.hasPrefix("| ❌") || $0.hasPrefix("| ⚠️") || $0.hasPrefix("| ✅") }
        #expect(rows.count == 3 * Self.hostile.count, "one line per step: no value broke a row")
        for row in rows {
            #expect(Self.cells(String(row)).count == 4, "\(row)")
            // Outside code spans, every `<` is one of the report's own line breaks, and every
            // character that could start emphasis, a link or an autolink is escaped.
            let prose = Self.outsideCodeSpans(String(row))
            #expect(!prose.replacingOccurrences(of: "<br>", with: "").contains("<"), "\(prose)")
            for mark in ["*", "_", "[", "]", "~", "`", "://", "www."] {
                #expect(!Self.unescaped(prose).contains(mark), "\(mark) in \(prose)")
            }
        }
        #expect(markdown.split(separator: "\n").filter { $0.hasPrefix("#") }.count == 2, "only the report's own headings")
    }

    @Test func textEscapesEverythingThatCouldBeMarkup() {
        #expect(Markdown.text("<img src=x onerror=alert(1)>") == "&lt;img src=x onerror=alert(1)&gt;")
        #expect(Markdown.text("**bold** _em_") == "\\*\\*bold\\*\\* \\_em\\_")
        #expect(Markdown.text("[a](b)") == "\\[a\\](b)")
        #expect(Markdown.text("a | b") == "a \\| b")
        #expect(Markdown.text("a | b", inTable: false) == "a \\| b")
        #expect(Markdown.text("one\ntwo\r\nthree\rfour") == "one<br>two<br>three<br>four")
        #expect(Markdown.text("one\ntwo", inTable: false) == "one two")
        #expect(Markdown.text("&amp;") == "&amp;amp;")
        #expect(Markdown.text("http://x.y") == "http\\://x\\.y")
        #expect(Markdown.text("\\") == "\\\\")
    }

    @Test func codeSpansAreNeverClosedEarly() {
        #expect(Markdown.code("plain") == "`plain`")
        #expect(Markdown.code("a`b") == "``a`b``")
        #expect(Markdown.code("x ``` y") == "````x ``` y````")
        #expect(Markdown.code("`edge`") == "`` `edge` ``")
        #expect(Markdown.code(" padded ") == "`  padded  `")
        #expect(Markdown.code("") == "` `")
        #expect(Markdown.code("a|b") == "`a\\|b`")
        #expect(Markdown.code("a|b", inTable: false) == "`a|b`")
        #expect(Markdown.code("one\ntwo") == "`one`<br>`two`")
        #expect(Markdown.code("<b>") == "`<b>`")
    }

    /// A GFM table row's cells: split at every pipe not right after a backslash (GFM's rule,
    /// applied before code spans or other escapes are read).
    static func cells(_ row: String) -> [String] {
        var cells: [String] = []
        var cell = ""
        var previous: Character = " "
        for character in row.dropFirst() {
            if character == "|" && previous != "\\" {
                cells.append(cell)
                cell = ""
            } else {
                cell.append(character)
            }
            previous = character
        }
        return cells
    }

    /// `text` with its code spans removed, by CommonMark's rule: a run of N backticks (not
    /// backslash-escaped) opens a span that the next run of exactly N backticks closes.
    static func outsideCodeSpans(_ text: String) -> String {
        let characters = Array(text)
        var out = ""
        var index = 0
        func run(at start: Int) -> Int {
            var end = start
            while end < characters.count && characters[end] == "`" { end += 1 }
            return end - start
        }
        while index < characters.count {
            let character = characters[index]
            if character == "\\", index + 1 < characters.count {
                out.append(character)
                out.append(characters[index + 1])
                index += 2
                continue
            }
            guard character == "`" else {
                out.append(character)
                index += 1
                continue
            }
            let length = run(at: index)
            var search = index + length
            var close: Int?
            while search < characters.count {
                if characters[search] == "`" {
                    let other = run(at: search)
                    if other == length { close = search; break }
                    search += other
                } else {
                    search += 1
                }
            }
            if let close {
                index = close + length
            } else {
                out += String(repeating: "`", count: length)
                index += length
            }
        }
        return out
    }

    /// `text` without its backslash-escaped characters.
    static func unescaped(_ text: String) -> String {
        var out = ""
        var escaping = false
        for character in text {
            if escaping { escaping = false; continue }
            if character == "\\" { escaping = true; continue }
            out.append(character)
        }
        return out
    }
}
