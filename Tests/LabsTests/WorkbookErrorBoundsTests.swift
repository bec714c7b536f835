import Testing
@testable import Labs

/// However many mistakes a lab file holds, and however long its lines, the errors printed
/// stay a few per line and a capped number per file, each showing a window of its line.
@Suite struct WorkbookErrorBoundsTests {
    /// The errors a lab gives, as thrown: shown and counted.
    private func thrown(_ text: String) -> LabFileErrors {
        do {
            _ = try Workbook.parseLab(text, file: "lab.md")
            Issue.record("the lab parsed")
            return LabFileErrors()
        } catch {
            return error
        }
    }

    @Test(arguments: [
        // An attribute repeated: every repeat is "given twice".
        ("attributes", labText("```hurl {" + Array(repeating: "id=a", count: 500).joined(separator: " ") + "}\nGET {{api}}/a\n```\n"), 499, 5),
        // An undefined variable used over and over.
        ("variables", labText("```hurl {id=a}\nGET {{api}}/" + String(repeating: "{{x}}", count: 500) + "\n```\n"), 500, 6),
        // needs= naming steps that do not exist.
        ("needs", labText("```hurl {id=a needs=" + (0..<500).map { "n\($0)" }.joined(separator: ",") + "}\nGET {{api}}/a\n```\n"), 500, 5),
    ])
    func manyErrorsOnOneLineShowAFewAndCountTheRest(kind: String, lab: String, found: Int, line: Int) {
        let errors = thrown(lab)
        #expect(errors.count == found, "\(kind)")
        #expect(errors.errors.count == LabFileErrors.shownPerLine, "\(kind)")
        // The leftmost come first.
        let columns = errors.errors.map(\.location.column)
        #expect(columns == columns.sorted(), "\(kind)")
        let text = errors.description
        #expect(text.hasSuffix("lab.md:\(line): … and \(found - 3) more errors on this line"), "\(kind)")
        // Three errors of three lines each (location and message, window, caret), the summary,
        // blank lines between: the whole line (over 2,000 characters) is never printed.
        #expect(text.split(separator: "\n", omittingEmptySubsequences: false).count == 3 * 4 + 1, "\(kind)")
        #expect(text.utf8.count < 1_500, "\(kind): \(text.utf8.count) bytes")
    }

    @Test func aFileShowsAtMostFiftyErrorsThenSaysHowManyMore() {
        // 60 lines with one error each, then one line with 10: 70 errors.
        let headers = (0..<60).map { "X-H\($0): {{nope\($0)}}" }.joined(separator: "\n")
        let errors = thrown(labText("```hurl {id=a}\nGET {{api}}/a\n\(headers)\nX-Last: " + String(repeating: "{{z}}", count: 10) + "\n```\n"))
        #expect(errors.count == 70)
        #expect(errors.errors.count == LabFileErrors.shownPerFile)
        #expect(errors.errors.first?.location.line == 7)
        #expect(errors.errors.last?.location.line == 7 + LabFileErrors.shownPerFile - 1)
        #expect(errors.description.hasSuffix("\n\n… and 20 more errors in lab.md; fix those above and check again to see them"))
    }

    @Test func theBoundsHoldWhateverTheOrderErrorsArriveIn() {
        // Built from the end of the file backwards, and a second time merged from two halves:
        // the same errors are shown, the earliest lines and leftmost columns.
        let all = (1...80).flatMap { line in
            (1...5).map { column in
                LabFileError(location: SourceLocation(file: "lab.md", line: line, column: column * 10),
                             message: "wrong \(line):\(column)", sourceLine: String(repeating: "x", count: 60))
            }
        }
        let backwards = LabFileErrors(all.reversed())
        var merged = LabFileErrors(Array(all[200...]))
        merged.append(contentsOf: LabFileErrors(Array(all[..<200])))
        for errors in [backwards, merged] {
            #expect(errors.count == 400)
            #expect(errors.errors.count == 50)
            #expect(errors.errors.prefix(4).map(\.message) == ["wrong 1:1", "wrong 1:2", "wrong 1:3", "wrong 2:1"])
            #expect(errors.description.contains("lab.md:1: … and 2 more errors on this line"))
            // 16 full lines (48 errors, 2 more each), 2 of line 17; what is left is counted once.
            #expect(errors.description.hasSuffix("… and \(400 - 16 * 5 - 2) more errors in lab.md; fix those above and check again to see them"))
        }
        #expect(backwards == merged)
    }

    @Test func anErrorFarIntoALongLineShowsAWindowWithTheCaretUnderItsColumn() throws {
        // 3,000 two-byte characters and an emoji before the mistake, 3,000 after it.
        let before = "GET {{api}}/" + String(repeating: "é", count: 3000) + "🙂"
        let after = String(repeating: "ü", count: 3000)
        let errors = thrown(labText("```hurl {id=a}\n\(before){{nope}}\(after)\n```\n"))
        let error = try #require(errors.errors.first)
        #expect(error.location.line == 6)
        #expect(error.location.column == before.count + 3)
        let lines = error.description.split(separator: "\n", omittingEmptySubsequences: false)
        try #require(lines.count == 3)
        #expect(lines[0] == "lab.md:6:\(before.count + 3): unknown variable 'nope': no earlier step captures it and it is not a built-in")
        let window = lines[1], caret = lines[2]
        #expect(window.hasPrefix("…") && window.hasSuffix("…"))
        #expect(window.count <= LabFileError.windowWidth + 2)
        #expect(window.contains("🙂{{nope}}"))
        // The caret stands under the `n` of `nope`, counted in characters as the column is.
        let caretColumn = caret.count - 1
        #expect(caret.allSatisfy { $0 == " " || $0 == "^" } && caret.last == "^")
        #expect(Array(window)[caretColumn] == "n")
        #expect(error.caretLine == String(caret))
    }

    @Test func anErrorNearTheStartOfALongLineIsCutOnlyAfterIt() throws {
        let errors = thrown(labText("```hurl {id=a}\nGTE {{api}}/" + String(repeating: "a", count: 5000) + "\n```\n"))
        let error = try #require(errors.errors.first)
        let lines = error.description.split(separator: "\n")
        #expect(lines[1] == "GTE {{api}}/" + String(repeating: "a", count: LabFileError.windowWidth - 12) + "…")
        #expect(lines[2] == "^")
    }

    @Test func aShortLineIsShownWhole() {
        let errors = thrown(labText("```hurl {id=a}\nGET {{api}}/a\nHTTP 200\n[Asserts]\n\tstatus eq 200\n```\n"))
        #expect(errors.description == """
        lab.md:9:9: unknown predicate 'eq'; did you mean '=='?
        \tstatus eq 200
        \t       ^
        """)
    }

    @Test func aMessageQuotingAHugeWordKeepsItsStartAndEnd() throws {
        let errors = thrown(labText("```hurl {id=a " + String(repeating: "z", count: 10_000) + "}\nGET {{api}}/a\n```\n"))
        let error = try #require(errors.errors.first)
        #expect(error.message.count > 10_000)
        let shown = try #require(error.description.split(separator: "\n").first)
        #expect(shown.count <= LabFileError.messageWidth + 20)
        #expect(shown.hasPrefix("lab.md:5:15: unknown attribute 'zzz"))
        #expect(shown.hasSuffix("zzz'"))
        #expect(shown.contains("…"))
    }
}
