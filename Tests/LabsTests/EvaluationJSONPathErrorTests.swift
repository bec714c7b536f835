import Testing
@testable import Labs

/// Every JSONPath compile error, with the message and the 1-based column it points at.
@Suite struct EvaluationJSONPathErrorTests {
    private func failure(_ path: String) -> String? {
        do {
            _ = try JSONPath(path)
            return nil
        } catch {
            return error.description
        }
    }

    @Test func descriptionNamesThePathTheProblemAndTheColumn() {
        #expect(failure("$.items[?(@.id == 3]") == #"jsonpath "$.items[?(@.id == 3]": expected ')' at column 20"#)
        let error = JSONPathError(path: "$x", column: 2, message: "boom")
        #expect(error.description == #"jsonpath "$x": boom at column 2"#)
    }

    @Test(arguments: [
        ("", "expected '$' at the start of the path at column 1"),
        ("store", "expected '$' at the start of the path at column 1"),
        ("@.a", "expected '$' at the start of the path at column 1"),
        ("$a", "unexpected 'a'; expected '.', '..' or '[' at column 2"),
        ("$.a b", "unexpected ' '; expected '.', '..' or '[' at column 4"),
        ("$.", "expected a member name or '*' after '.' at column 3"),
        ("$.[0]", "expected a member name or '*' after '.' at column 3"),
        ("$..", "expected a member name or '*' after '..' at column 4"),
        ("$...a", "expected a member name or '*' after '..' at column 4"),
        ("$[", "expected an index, a quoted name, '*', a slice or a filter; found the end of the path at column 3"),
        ("$[]", "expected an index, a quoted name, '*', a slice or a filter; found ']' at column 3"),
        ("$[abc]", "expected an index, a quoted name, '*', a slice or a filter; found 'a' at column 3"),
        ("$[0", "expected ',' or ']' at column 4"),
        ("$[0 1]", "expected ',' or ']' at column 5"),
        ("$[0,]", "expected an index, a quoted name, '*', a slice or a filter; found ']' at column 5"),
        ("$[-]", "expected digits after '-' at column 4"),
        ("$[99999999999999999999]", "the integer is too large at column 3"),
        ("$[1:2:0]", "a slice step cannot be 0 at column 7"),
        ("$['abc]", "unterminated string (no closing ') at column 3"),
        (#"$["abc']"#, "unterminated string (no closing \") at column 3"),
        (#"$['a\qb']"#, #"invalid escape '\q' at column 5"#),
        (#"$['\u12']"#, #"invalid escape: '\u' needs four hex digits naming a character at column 4"#),
        (#"$['\uD800']"#, #"invalid escape: '\u' needs four hex digits naming a character at column 4"#),
    ])
    func pathErrors(_ path: String, _ message: String) {
        #expect(failure(path) == "jsonpath \"\(path)\": \(message)")
    }

    @Test(arguments: [
        ("$[?(@.a == 1]", "expected ')' at column 13"),
        ("$[?(@.a == 1)", "expected ']' after the filter at column 14"),
        ("$[?()]", "expected '@', '$' or a literal; found ')' at column 5"),
        ("$[?(@.a = 1)]", "expected '==' (a single '=' is not a comparison) at column 9"),
        ("$[?(@.a == )]", "expected '@', '$' or a literal; found ')' at column 12"),
        ("$[?(@.a & @.b)]", "expected '&&' at column 9"),
        ("$[?(@.a | @.b)]", "expected '||' at column 9"),
        ("$[?(@.a == yes)]", "unknown literal 'yes'; expected true, false, null, a number or a string at column 12"),
        ("$[?(@.a == 1.2.3)]", "invalid number '1.2.3' at column 12"),
        ("$[?(@.a == 01)]", "invalid number '01' at column 12"),
        ("$[?(1)]", "expected a comparison operator after the literal at column 6"),
        ("$[?(@.)]", "expected a member name after '.' (filters take names and indexes only) at column 7"),
        ("$[?(@..a)]", "expected ')' at column 6"),
        ("$[?(@[*])]", "expected an index or a quoted name (filters take names and indexes only) at column 7"),
        ("$[?(@[0)]", "expected ']' at column 8"),
        ("$[?(@.a == 'x)]", "unterminated string (no closing ') at column 12"),
    ])
    func filterErrors(_ path: String, _ message: String) {
        #expect(failure(path) == "jsonpath \"\(path)\": \(message)")
    }

    @Test func deeplyNestedFiltersAreRejectedNotRecursedInto() {
        let path = "$[?(" + String(repeating: "!", count: 100) + "@.a)]"
        #expect(failure(path) == "jsonpath \"\(path)\": the filter is nested too deeply at column 68")
        #expect(throws: Never.self) { try JSONPath("$[?(" + String(repeating: "!", count: 50) + "@.a)]") }
    }

    @Test func longOperandChainsAndLongPathsAreRejected() {
        let chain = (text: "$[?@.x" + String(repeating: "||@.x", count: 300) + "]", cut: 1 + 6 + 255 * 5 + 2) // the 257th operand
        #expect(failure(chain.text) == "jsonpath \"\(chain.text)\": the filters join more than 256 conditions with '&&' and '||' at column \(chain.cut)")
        #expect(throws: Never.self) { try JSONPath("$[?@.x" + String(repeating: "&&@.x", count: 200) + "]") }
        let long = "$." + String(repeating: "a", count: 5000)
        #expect(failure(long) == "jsonpath \"\(long)\": the path is longer than 4096 characters at column 4097")
    }

    @Test func thirtyThousandOperandsDoNotExhaustTheStack() {
        let path = "$[?@.x" + String(repeating: "||@.x", count: 30_000) + "]"
        #expect(throws: JSONPathError.self) { try JSONPath(path) }
    }

    @Test func columnsCountCharactersNotBytes() {
        #expect(failure("$.café b") == #"jsonpath "$.café b": unexpected ' '; expected '.', '..' or '[' at column 7"#)
    }
}
