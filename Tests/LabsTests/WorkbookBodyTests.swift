import Testing
@testable import Labs

/// Where a JSON body ends, and what may follow it.
@Suite struct WorkbookBodyTests {
    private func json(_ s: Step) -> String? {
        guard case .json(let template)? = s.entries.first?.request.body?.kind else { return nil }
        return template.description
    }

    @Test func aJSONBodyEndsWhereItsBracketsBalance() throws {
        // A comment after the body is not part of it.
        let s = try step("POST {{api}}/\n{\"Limit\": 5}\n# the reply lists no tables yet\n\nHTTP 418")
        #expect(json(s) == #"{"Limit": 5}"#)
        #expect(s.entries.first?.response?.status == .code(418))
    }

    @Test func placeholdersAndEscapedQuotesDoNotCountAsBrackets() throws {
        let s = try step("POST {{api}}/\n{\n  \"a\": \"x\\\"}]\",\n  \"b\": {{account}}\n}\nHTTP 200", attributes: "{id=s}")
        #expect(json(s) == "{\n  \"a\": \"x\\\"}]\",\n  \"b\": {{account}}\n}")
        let whole = try step("POST {{api}}/\n{{region}}\nHTTP 200")
        #expect(json(whole) == "{{region}}")
    }

    @Test func aSectionNameMayHaveSpacesInsideItsBrackets() throws {
        let s = try step("GET {{api}}/health\n[ Options ]\nretry: 3\nHTTP 418")
        #expect(s.entries.first?.request.options.retry == 3)
    }

    @Test(arguments: [
        ("POST {{api}}/a\n{\"a\": 1}\n[Asserts]\nstatus == 200", "8:2: expected 'HTTP <status>' before [Asserts]"),
        ("POST {{api}}/a\n{\"a\": 1}\n[Options]\nretry: 1", "8:2: [Options] belongs before the body"),
        ("POST {{api}}/a\n{\"a\": 1}\nnote\nHTTP 200", "8:1: expected 'HTTP <status>' or a new request after the body"),
        ("POST {{api}}/a\n{\"a\": [1,\nHTTP 200",
         "7:7: this '[' is never closed: the JSON body must close before 'HTTP <status>'"),
        ("POST {{api}}/a\n{\"a\": [1}\nHTTP 200", "7:9: '}' does not close the '[' at line 7"),
        ("POST {{api}}/a\n{\"a\": 1} x\nHTTP 200", "7:10: unexpected text after the JSON body: it ends where its brackets close"),
        ("POST {{api}}/a\n{\"a\": \"open}\nHTTP 200", "7:7: this string is never closed: end it with '\"' on the same line"),
    ])
    func bodyErrors(hurl: String, expected: String) {
        #expect(summary(errors(labText("```hurl {id=s}\n\(hurl)\n```\n"))) == [expected])
    }

    /// As deep as the platform's JSON parser goes, and no deeper: a line of brackets is
    /// refused at the first one too many rather than remembered bracket by bracket.
    @Test func aBodyNestsAtMost512Deep() throws {
        let deepest = String(repeating: "[", count: 512) + String(repeating: "]", count: 512)
        #expect(try step("POST {{api}}/a\n\(deepest)\nHTTP 200").entries.first?.request.body != nil)
        let tooDeep = String(repeating: "[", count: 100_000)
        #expect(summary(errors(labText("```hurl {id=s}\nPOST {{api}}/a\n\(tooDeep)\nHTTP 200\n```\n"))) == [
            "7:513: this '[' nests the JSON body more than 512 deep: no request body may nest deeper",
        ])
    }
}

/// Follow-on errors that a broken block must not cause.
@Suite struct WorkbookRecoveryTests {
    @Test func aBrokenBlockKeepsItsIdForLaterNeeds() {
        let found = errors(labText("```hurl {id=make}\nGET {{api}}/a\nHTTP 99\n```\n```hurl {id=use needs=make}\nGET {{api}}/b\nHTTP 200\n```\n"))
        #expect(summary(found) == ["7:6: expected a status from 100 to 599 or '*', not '99'"])
    }
}
