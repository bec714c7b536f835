import Testing
@testable import Labs

@Suite struct WorkbookErrorTests {
    /// One block per case; each error is at line 6 (the block's first line) or the fence (line 5).
    @Test(arguments: [
        ("GET {{api}}/a\nHTTP 200\n[Asserts]\njsonpath \"$.error\" equals \"x\"",
         "9:20: unknown predicate 'equals'; did you mean '=='?"),
        ("GET {{api}}/a\nHTTP 200\n[Asserts]\nstauts == 200", "9:1: unknown query 'stauts'; did you mean 'status'?"),
        ("GET {{api}}/a\nHTTP 200\n[Captures]\nn: jsonpath \"$.a\" cout", "9:19: unknown filter 'cout'; did you mean 'count'?"),
        ("GET {{api}}/a\nHTTP 200\n[Assert]\nstatus == 200", "8:2: unknown section '[Assert]'; did you mean '[Asserts]'?"),
        ("GET {{api}}/a\n[Option]\nretry: 1", "7:2: unknown section '[Option]'; did you mean '[Options]'?"),
        ("GET {{api}}/a\n[Asserts]\nstatus == 200", "7:2: expected 'HTTP <status>' before [Asserts]"),
        ("GET {{api}}/a\n[Options]\nretyr: 1", "8:1: unknown option 'retyr'; did you mean 'retry'?"),
        ("GTE {{api}}/a", "6:1: unknown method 'GTE'; did you mean 'GET'?"),
        ("GET {{api}}/a\nHTTP 99", "7:6: expected a status from 100 to 599 or '*', not '99'"),
        ("GET {{api}}/a\nHTTP 200\n[Asserts]\nstatus ==", "9:10: predicate '==' needs a value, e.g. == \"text\""),
        ("GET {{api}}/a\nHTTP 200\n[Asserts]\nstatus exists 3", "9:15: predicate 'exists' takes no value"),
        ("GET {{api}}/a\nHTTP 200\n[Asserts]\nbody contains /x/", "9:15: a /regex/ value only goes with 'matches'"),
        ("GET {{api}}/a\nHTTP 200\n[Asserts]\nbody == \"open", "9:9: unclosed string"),
        ("GET {{api/a", "6:5: unclosed '{{': add '}}' after the variable name"),
        ("GET {{api}}/a\n[Options]\ndelay: soon", "8:8: delay must be a duration such as 500ms or 2s"),
        ("GET {{api}}/a\n[Options]\ndelay: 3600001", "8:8: delay must be at most 1h (3600s)"),
        ("GET {{api}}/a\n[Options]\nretry-interval: 9223372036854775807s",
         "8:17: retry-interval must be at most 1h (3600s)"),
        ("POST {{api}}/a\nfile, ;\nHTTP 200", "7:1: file,<path>; needs a path between ',' and ';'"),
        ("GET {{api}}/a\nHTTP 200\njsonpath \"$.status\" == \"ok\"",
         "8:1: expected 'Name: value'; to check 'jsonpath', add a line [Asserts] before this one"),
        ("GET {{api}}/a\nHTTP 200\n  status == 200",
         "8:3: expected 'Name: value'; to check 'status', add a line [Asserts] before this one"),
        ("GET {{api}}/a\nfile,x.json\nHTTP 200", "7:1: expected 'file,<path>;' (the path is read from your workspace)"),
    ])
    func parseErrors(hurl: String, expected: String) {
        #expect(summary(errors(labText("```hurl {id=s}\n\(hurl)\n```\n"))) == [expected])
    }

    @Test(arguments: [
        ("{id=s point=2}", "5:15: unknown attribute 'point'; did you mean 'points'?"),
        ("{id=s points=ten}", "5:22: points must be a whole number from 0 to 10000, not 'ten'"),
        ("{id=s points=-1}", "5:22: points must be a whole number from 0 to 10000, not '-1'"),
        ("{id=s points=10001}", "5:22: points must be a whole number from 0 to 10000, not '10001'"),
        ("{id=s points=9223372036854775807}",
         "5:22: points must be a whole number from 0 to 10000, not '9223372036854775807'"),
        ("{id=s timeout=999999999999999999m}", "5:23: timeout must be at most 1h (3600s), not '999999999999999999m'"),
        ("{id=s timeout=9223372036854775807s}", "5:23: timeout must be at most 1h (3600s), not '9223372036854775807s'"),
        ("{id=s timeout=99999999999999999999999ms}",
         "5:23: timeout must be at most 1h (3600s), not '99999999999999999999999ms'"),
        ("{id=s timeout=61m}", "5:23: timeout must be at most 1h (3600s), not '61m'"),
        ("{points=2}", "5:1: the step has no id: add one in braces, e.g. ```hurl {id=create-tenant}"),
        ("", "5:1: the step has no id: add one in braces, e.g. ```hurl {id=create-tenant}"),
        ("{id=s timeout=10}", "5:23: timeout must be a duration such as 10s or 500ms, not '10'"),
        ("{id=s exercise=yes}", "5:24: 'exercise' is a flag: write it alone, or exercise=true or exercise=false"),
        ("{id=s id=t}", "5:15: attribute 'id' is given twice"),
        ("{id=s hint=Read the policy}", "5:15: quote values with spaces: hint=\"Read the policy\""),
        ("{id=s title=Create a tenant points=2}", "5:15: quote values with spaces: title=\"Create a tenant\""),
        ("{id=s hint=Read hiden}", "5:25: unknown attribute 'hiden'; did you mean 'hidden'?"),
        ("{id=s hint=a hint3=c}", "5:1: hint3 needs hint2: hints are revealed one level at a time (hint, hint2, hint3)"),
        ("{id=s hint2=b}", "5:1: hint2 needs hint: hints are revealed one level at a time (hint, hint2, hint3)"),
        ("{id=s hint=a hint2=b hint2=c}", "5:30: attribute 'hint2' is given twice"),
        ("{id=s hint4=d}", "5:15: unknown attribute 'hint4'; did you mean 'hint'?"),
    ])
    func attributeErrors(attributes: String, expected: String) {
        #expect(summary(errors(labText("```hurl \(attributes)\nGET {{api}}/a\n```\n"))) == [expected])
    }

    @Test func errorsRenderWithTheLineAndACaret() throws {
        let found = errors(labText("```hurl {id=s}\nGET {{api}}/a\nHTTP 403\n[Asserts]\njsonpath \"$.error\" equals \"AccessDenied\"\n```\n"))
        #expect(found.map(\.description) == ["""
        lab.md:9:20: unknown predicate 'equals'; did you mean '=='?
        jsonpath "$.error" equals "AccessDenied"
                           ^
        """])
    }

    @Test func everyBadBlockIsReportedAndLaterBlocksStillParse() {
        let found = errors(labText("""
        ```hurl {id=a hiden}
        GET {{api}}/a
        ```
        ```hurl {id=b}
        GET {{api}}/b
        HTTP 200
        [Asserts]
        status eq 200
        ```
        ```hurl {id=c}
        GET {{api}}/c
        HTTP 200
        [Asserts]
        bdy exists
        ```
        """))
        #expect(summary(found) == [
            "5:15: unknown attribute 'hiden'; did you mean 'hidden'?",
            "12:8: unknown predicate 'eq'; did you mean '=='?",
            "18:1: unknown query 'bdy'; did you mean 'body'?",
        ])
    }

    @Test func fileLevelErrors() {
        #expect(summary(errors("no front matter\n")) == [
            "1:1: the lab has no 'id' in its front matter: start the file with '---', 'id: <lab-id>', '---'",
        ])
        #expect(summary(errors("---\nid: x\n")) == ["1:1: the front matter is never closed: add a line '---' after it"])
        #expect(summary(errors(labText("```hurl {id=s}\nGET {{api}}/a\n"))) == [
            "5:1: this ```hurl block is never closed: end it with a line of 3 backticks",
        ])
        #expect(summary(errors(labText("```hurl {id=s}\n# nothing\n```\n"))) == [
            "5:1: the step has no request: add a line such as 'GET {{api}}/health'",
        ])
    }
}
