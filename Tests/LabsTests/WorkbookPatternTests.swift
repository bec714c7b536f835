import Testing
@testable import Labs

/// JSONPath and regex syntax errors are load errors, at the pattern's own column.
@Suite struct WorkbookPatternTests {
    private func check(_ line: String) -> [String] {
        summary(errors(labText("```hurl {id=s}\nGET {{api}}/a\nHTTP 200\n[Asserts]\n\(line)\n```\n")))
    }

    @Test func jsonPathErrorsPointIntoTheLabLine() {
        #expect(check(#"jsonpath "$.status[" == "ok""#)
            == ["9:20: invalid JSONPath: expected an index, a quoted name, '*', a slice or a filter; found the end of the path"])
        #expect(check(#"jsonpath "$.a b" exists"#) == ["9:14: invalid JSONPath: unexpected ' '; expected '.', '..' or '['"])
        // `\"` is two characters on the line but one in the path.
        #expect(check(#"jsonpath "$[\"a\"" exists"#) == ["9:18: invalid JSONPath: expected ',' or ']'"])
        let captured = errors(labText("```hurl {id=s}\nGET {{api}}/a\nHTTP 200\n[Captures]\nx: jsonpath \"$[\"\n```\n"))
        #expect(summary(captured).first?.hasPrefix("9:16: invalid JSONPath") == true)
    }

    @Test func regexErrorsAreFoundAtLoadTime() {
        #expect(check("body matches /[a-/").first?.hasPrefix(#"9:14: invalid regular expression "[a-""#) == true)
        #expect(check(#"body matches "(x""#).first?.hasPrefix(#"9:14: invalid regular expression "(x""#) == true)
        #expect(check(#"regex "(x" exists"#).first?.hasPrefix(#"9:7: invalid regular expression "(x""#) == true)
        #expect(check("regex /(x/ exists").first?.hasPrefix(#"9:7: invalid regular expression "(x""#) == true)
    }

    @Test func patternsWithPlaceholdersWaitForTheRun() {
        #expect(check(#"jsonpath "$.{{account}}[" exists"#) == [])
        #expect(check(#"body matches "{{account}}(""#) == [])
        #expect(check(#"jsonpath "$.items[?@.id == 'a\"b']" exists"#) == [])
    }

    @Test func queriesPrintAsHurlWritesThem() {
        let at = Labs.SourceLocation(file: "lab.md", line: 1, column: 1)
        #expect("\(Query.Kind.jsonpath(Template(literal: "$.status", location: at)))" == #"jsonpath "$.status""#)
        #expect("\(Query.Kind.header(Template(literal: #"X-"q""#, location: at)))" == #"header "X-\"q\"""#)
        #expect("\(Query.Kind.variable("tid"))" == #"variable "tid""#)
        #expect("\(Query.Kind.status)" == "status")
    }
}
