import Foundation
import Testing
@testable import Labs

/// One lab text and the exact errors it gives, as `line:column: message`, named so a failing
/// case says which error it was about.
struct WorkbookErrorCase: Sendable, CustomTestStringConvertible {
    let name: String
    let lab: String
    let expected: [String]

    var testDescription: String { name }

    /// `hurl` as the body of one block `{id=s}`: its first line is line 6, the fence line 5.
    static func hurl(_ name: String, _ hurl: String, _ expected: String) -> Self {
        Self(name: name, lab: labText("```hurl {id=s}\n\(hurl)\n```\n"), expected: [expected])
    }

    /// A block opened by ```` ```hurl <attributes> ```` (line 5) whose request is fine.
    static func attributes(_ name: String, _ attributes: String, _ expected: [String]) -> Self {
        Self(name: name, lab: labText("```hurl \(attributes)\nGET {{api}}/a\n```\n"), expected: expected)
    }

    /// A whole lab file.
    static func lab(_ name: String, _ text: String, _ expected: String) -> Self {
        Self(name: name, lab: text, expected: [expected])
    }
}

/// Every error the lab-file parser and checker can give that the other Workbook tests do not
/// already pin down, each with its line and column.
@Suite struct WorkbookErrorCoverageTests {
    @Test(arguments: [
        // Request line.
        WorkbookErrorCase.hurl("lowercase method", "get {{api}}/a",
                               "6:1: expected a request line such as 'GET {{api}}/products'"),
        .hurl("method without URL", "GET", "6:4: expected a URL after 'GET', e.g. GET {{api}}/products"),
        .hurl("text after URL", "GET {{api}}/a b", "6:15: unexpected text after the URL"),
        .hurl("placeholder that is not a name", "GET {{1x}}/a",
              "6:7: '1x' is not a variable name (letters, digits, '_' or '-')"),

        // Headers and quoted values.
        .hurl("header without colon", "GET {{api}}/a\nAccept json", "7:1: expected 'Name: value'"),
        .hurl("text after quoted header value", "GET {{api}}/a\nAccept: \"json\" x",
              "7:16: unexpected text after the quoted value"),
        .hurl("bad unicode escape", "GET {{api}}/a\nAccept: \"\\u00e9\"",
              "7:10: expected '\\u{hex}' for a Unicode escape"),
        .hurl("unknown escape", "GET {{api}}/a\nAccept: \"\\q\"", "7:10: unknown escape '\\q'"),

        // Request sections.
        .hurl("request section twice", "GET {{api}}/a\n[Options]\nretry: 1\n[Options]\ndelay: 1",
              "9:2: [Options] is given twice in this entry"),
        .hurl("request section twice under its alias", "GET {{api}}/a\n[QueryStringParams]\na: 1\n[Query]\nb: 2",
              "9:2: [QueryStringParams] is given twice in this entry"),
        .hurl("request section after the status", "GET {{api}}/a\nHTTP 200\n[Options]\nretry: 1",
              "8:2: [Options] belongs before the 'HTTP <status>' line"),

        // [Options].
        .hurl("option without colon", "GET {{api}}/a\n[Options]\nretry 1", "8:1: expected 'option: value'"),
        .hurl("option twice", "GET {{api}}/a\n[Options]\nretry: 1\nretry: 2", "9:1: option 'retry' is given twice"),
        .hurl("negative retry", "GET {{api}}/a\n[Options]\nretry: -1",
              "8:8: retry must be a whole number of 0 or more"),
        .hurl("skip not a boolean", "GET {{api}}/a\n[Options]\nskip: yes", "8:7: skip must be true or false"),
        .hurl("short aws-sigv4 scope", "GET {{api}}/a\n[Options]\naws-sigv4: aws:amz:us-east-1",
              "8:12: expected aws-sigv4: aws:amz:<region>:<service>, e.g. aws:amz:us-east-1:execute-api"),
        .hurl("user without secret", "GET {{api}}/a\n[Options]\nuser: abc", "8:7: expected user: <access-key>:<secret>"),
        .hurl("variable without value", "GET {{api}}/a\n[Options]\nvariable: abc",
              "8:11: expected variable: <name>=<value>"),

        // Bodies.
        .lab("multiline body never closed", labText("````hurl {id=s}\nPOST {{api}}/a\n```\nhello\n````\n"),
             "7:1: this multiline string is never closed: end it with a line '```'"),
        .hurl("one-line body never closed", "POST {{api}}/a\n`hello",
              "7:1: this string is never closed: end it with '`'"),
        .hurl("text after one-line body", "POST {{api}}/a\n`hello` x\nHTTP 200", "7:9: unexpected text after the string"),
        .hurl("one-line body ending in a backslash", "POST {{api}}/a\n`abc\\`\nHTTP 200",
              "7:5: a string cannot end with '\\'"),

        // Status line and what follows it.
        .hurl("HTTP without status", "GET {{api}}/a\nHTTP", "7:5: expected a status after 'HTTP', e.g. HTTP 200 or HTTP *"),
        .hurl("text after status", "GET {{api}}/a\nHTTP 200 OK", "7:10: unexpected text after the status"),
        .hurl("body after status", "GET {{api}}/a\nHTTP 200\n{\"a\": 1}",
              "8:1: expected a section such as [Asserts] or a new request"),
        .hurl("response section twice", "GET {{api}}/a\nHTTP 200\n[Asserts]\nstatus == 200\n[Asserts]\nbody exists",
              "10:2: [Asserts] is given twice in this entry"),

        // [Captures].
        .hurl("capture without colon", "GET {{api}}/a\nHTTP 200\n[Captures]\nid jsonpath \"$.id\"",
              "9:1: expected 'name: <query>', e.g. tenant_id: jsonpath \"$.id\""),
        .hurl("capture name not a variable name", "GET {{api}}/a\nHTTP 200\n[Captures]\n1id: jsonpath \"$.id\"",
              "9:1: '1id' is not a variable name (letters, digits, '_' or '-')"),
        .hurl("capture without query", "GET {{api}}/a\nHTTP 200\n[Captures]\nid:",
              "9:4: expected a query such as status, header \"Name\" or jsonpath \"$.id\""),

        // [Asserts].
        .hurl("query without predicate", "GET {{api}}/a\nHTTP 200\n[Asserts]\nstatus",
              "9:7: expected a predicate such as == or exists after the query"),
        .hurl("query then comment without predicate", "GET {{api}}/a\nHTTP 200\n[Asserts]\nstatus # later",
              "9:8: expected a predicate such as == or exists after the query"),
        .hurl("text after predicate value", "GET {{api}}/a\nHTTP 200\n[Asserts]\nstatus == 200 x",
              "9:15: unexpected text after the value"),
        .hurl("misspelt filter in predicate position", "GET {{api}}/a\nHTTP 200\n[Asserts]\njsonpath \"$.a\" nht == 1",
              "9:16: unknown filter 'nht'; did you mean 'nth'?"),
        .hurl("unknown predicate without suggestion", "GET {{api}}/a\nHTTP 200\n[Asserts]\nstatus xyzzy 1",
              "9:8: unknown predicate 'xyzzy'"),
        .hurl("header query without quotes", "GET {{api}}/a\nHTTP 200\n[Asserts]\nheader Accept == \"x\"",
              "9:8: expected a quoted argument after 'header', e.g. header \"...\""),
        .hurl("variable query with a bad name", "GET {{api}}/a\nHTTP 200\n[Asserts]\nvariable \"1x\" exists",
              "9:11: variable takes a variable's name, e.g. variable \"tenant_id\""),
        .hurl("nth without a number", "GET {{api}}/a\nHTTP 200\n[Asserts]\njsonpath \"$.a\" nth x == 1",
              "9:20: nth needs an index of 0 or more, e.g. nth 0"),
        .hurl("nth at the end of the line", "GET {{api}}/a\nHTTP 200\n[Asserts]\njsonpath \"$.a\" nth",
              "9:19: nth needs an index of 0 or more, e.g. nth 0"),
        .hurl("placeholder mixed with words", "GET {{api}}/a\nHTTP 200\n[Asserts]\nbody == {{api}} x",
              "9:9: expected a single {{variable}}; quote text that mixes variables and words"),
        .hurl("bare word as value", "GET {{api}}/a\nHTTP 200\n[Asserts]\nstatus == abc",
              "9:11: expected a value: a \"string\", a number, true, false, null or {{variable}}"),
        .hurl("regex value never closed", "GET {{api}}/a\nHTTP 200\n[Asserts]\nbody matches /abc",
              "9:14: this /regex/ is never closed"),

        // Front matter.
        .lab("front matter line without colon", "---\nid: x\nnotakey\n---\n",
             "3:1: expected 'key: value' in the front matter"),
        .lab("front matter key twice", "---\nid: x\nid: y\n---\n", "3:1: 'id' is given twice in the front matter"),

        // Step attributes.
        .attributes("attributes without braces", "id=s", [
            "5:1: the step has no id: add one in braces, e.g. ```hurl {id=create-tenant}",
            "5:9: expected '{' to open the step's attributes",
        ]),
        .attributes("attributes never closed", "{id=s", ["5:14: expected '}' to close the step's attributes"]),
        .attributes("text after attributes", "{id=s} x", ["5:16: unexpected text after the attributes' '}'"]),
        .attributes("attribute without name", "{id=s =x}", ["5:15: expected an attribute name such as 'id'"]),
        .attributes("attribute without value", "{id=s title}", ["5:15: attribute 'title' needs a value: title=..."]),

        // Unknown words with no near match (the near-match forms are in WorkbookErrorTests), and a
        // variable's did-you-mean.
        .hurl("unknown method, nothing near", "FROB {{api}}/a", "6:1: unknown method 'FROB'"),
        .hurl("unknown section, nothing near", "GET {{api}}/a\nHTTP 200\n[Zzz]\nx", "8:2: unknown section '[Zzz]'"),
        .hurl("unknown option, nothing near", "GET {{api}}/a\n[Options]\nzzz: 1", "8:1: unknown option 'zzz'"),
        .hurl("unknown query, nothing near", "GET {{api}}/a\nHTTP 200\n[Asserts]\nzzz == 1", "9:1: unknown query 'zzz'"),
        .hurl("unknown capture filter, nothing near", "GET {{api}}/a\nHTTP 200\n[Captures]\nn: jsonpath \"$.a\" zzz",
              "9:19: unknown filter 'zzz'"),
        .attributes("unknown attribute, nothing near", "{id=s zzz}", ["5:15: unknown attribute 'zzz'"]),
        .attributes("needs a step that does not exist, nothing near", "{id=s needs=zz}",
                    ["5:21: step 's' needs 'zz', but the lab has no such step"]),
        .hurl("unknown variable near a built-in", "GET {{apj}}/a",
              "6:7: unknown variable 'apj': no earlier step captures it and it is not a built-in; did you mean 'api'?"),
    ])
    func errorIsReportedWhereItIs(_ errorCase: WorkbookErrorCase) {
        #expect(summary(errors(errorCase.lab)) == errorCase.expected)
    }

    @Test func missingLabFileIsAFileError() {
        let path = FileManager.default.temporaryDirectory.path + "/saaslab-no-such-lab-\(UUID().uuidString).md"
        #expect(throws: LabFileErrors([LabFileError(location: Labs.SourceLocation(file: path, line: 1, column: 1),
                                                    message: "no such lab file or folder", sourceLine: "")])) {
            try Workbook.load(path: path)
        }
    }

    @Test func labFileThatIsNotUTF8IsAFileError() throws {
        let path = FileManager.default.temporaryDirectory.path + "/saaslab-not-utf8-\(UUID().uuidString).md"
        try Data([0x2D, 0x2D, 0x2D, 0x0A, 0xFF, 0xFE, 0x0A]).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(throws: LabFileErrors([LabFileError(location: Labs.SourceLocation(file: path, line: 1, column: 1),
                                                    message: "cannot read this file as UTF-8 text", sourceLine: "")])) {
            try Workbook.load(path: path)
        }
    }
}
