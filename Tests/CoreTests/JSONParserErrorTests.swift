import Testing
@testable import Core

/// Every rejection path, with the exact position and message a participant would see.
@Suite struct JSONParserErrorTests {
    /// The error `text` is rejected with, as `line L, column C: message`.
    private func failure(_ text: String) -> String? {
        failure(bytes: Array(text.utf8))
    }

    private func failure(bytes: [UInt8]) -> String? {
        do {
            _ = try JSON.parse(bytes: bytes)
            return nil
        } catch {
            return error.description
        }
    }

    @Test func errorsCarryLineColumnAndMessage() {
        #expect(throws: JSONError(line: 1, column: 1, message: "unexpected end of input; expected a value")) {
            try JSON.parse("")
        }
        let error = JSONError(line: 7, column: 3, message: "expected ',' or '}' after an object member")
        #expect(error.description == "line 7, column 3: expected ',' or '}' after an object member")
    }

    @Test func emptyAndTruncatedInput() {
        #expect(failure("") == "line 1, column 1: unexpected end of input; expected a value")
        #expect(failure("  \n ") == "line 2, column 2: unexpected end of input; expected a value")
        #expect(failure("[") == "line 1, column 2: unexpected end of input; expected a value")
        #expect(failure("[1,") == "line 1, column 4: unexpected end of input; expected a value")
        #expect(failure("{") == "line 1, column 2: unexpected end of input; expected a string key or '}'")
        #expect(failure(#"{"a""#) == "line 1, column 5: unexpected end of input; expected ':' after an object key")
        #expect(failure(#"{"a":"#) == "line 1, column 6: unexpected end of input; expected a value")
        #expect(failure(#"{"a":1"#) == "line 1, column 7: unexpected end of input; expected ',' or '}' after an object member")
        #expect(failure("[1") == "line 1, column 3: unexpected end of input; expected ',' or ']' after an array element")
        #expect(failure("-") == "line 1, column 2: unexpected end of input; expected a digit after '-'")
    }

    @Test func missingCommas() {
        #expect(failure(#"{"a":1 "b":2}"#) == "line 1, column 8: expected ',' or '}' after an object member")
        #expect(failure("[1 2]") == "line 1, column 4: expected ',' or ']' after an array element")
    }

    @Test func errorOnALaterLine() {
        let policy = """
        {
          "Version": "2012-10-17"
          "Statement": []
        }
        """
        #expect(failure(policy) == "line 3, column 3: expected ',' or '}' after an object member")
        let nested = """
        {
          "Statement": [
            {"Effect": "Allow",
             "Action": "s3:GetObject",}
          ]
        }
        """
        #expect(failure(nested) == "line 4, column 31: expected a string key after ',' (trailing commas are not allowed)")
    }

    @Test func trailingCommas() {
        #expect(failure("[1,2,]") == "line 1, column 6: expected a value after ',' (trailing commas are not allowed)")
        #expect(failure("[1,2, \n ]") == "line 2, column 2: expected a value after ',' (trailing commas are not allowed)")
        #expect(failure(#"{"a":1,}"#) == "line 1, column 8: expected a string key after ',' (trailing commas are not allowed)")
        #expect(failure("[,1]") == "line 1, column 2: expected a value")
        #expect(failure(#"{,}"#) == "line 1, column 2: expected a string key or '}'")
    }

    @Test func objectSyntax() {
        #expect(failure(#"{"a" 1}"#) == "line 1, column 6: expected ':' after an object key")
        #expect(failure(#"{"a"=1}"#) == "line 1, column 5: expected ':' after an object key")
        #expect(failure("{a:1}") == "line 1, column 2: expected a string key or '}' (keys need double quotes)")
        #expect(failure("{'a':1}") == "line 1, column 2: expected a string key or '}' (strings need double quotes, not single quotes)")
        #expect(failure(#"{"a":}"#) == "line 1, column 6: expected a value")
        #expect(failure("{1:2}") == "line 1, column 2: expected a string key or '}' (keys need double quotes)")
        #expect(failure("[1}") == "line 1, column 3: expected ',' or ']' after an array element")
        #expect(failure(#"{"a":1]"#) == "line 1, column 7: expected ',' or '}' after an object member")
    }

    @Test func unterminatedStrings() {
        #expect(failure(#"{"a":"abc"#) == "line 1, column 10: unexpected end of input; expected '\"' to close the string that starts at line 1, column 6")
        #expect(failure("[\"abc\n\"]") == "line 1, column 6: expected '\"' to close the string before the end of the line (write \\n for a line break inside a string)")
        #expect(failure("\"\\") == #"line 1, column 3: unexpected end of input; expected one of \" \\ \/ \b \f \n \r \t \uXXXX after '\' (write \\ for a backslash)"#)
    }

    @Test func controlCharactersInStrings() {
        #expect(failure("[\"a\tb\"]") == "line 1, column 4: expected an escape instead of a raw tab in a string (write \\t)")
        #expect(failure("[\"a\u{1}b\"]") == "line 1, column 4: expected an escape instead of the raw control character U+0001 in a string (write \\u0001)")
        #expect(failure("[\u{1}]") == "line 1, column 2: expected a value (found the control character U+0001)")
    }

    @Test func badEscapes() {
        #expect(failure(#"["C:\temp\x"]"#) == #"line 1, column 10: expected one of \" \\ \/ \b \f \n \r \t \uXXXX after '\' (write \\ for a backslash)"#)
        #expect(failure(#"["\'"]"#) == #"line 1, column 3: expected one of \" \\ \/ \b \f \n \r \t \uXXXX after '\' (write \\ for a backslash)"#)
        #expect(failure(#"["\u12G4"]"#) == #"line 1, column 3: expected four hex digits after '\u'"#)
        #expect(failure(#""\u12"#) == #"line 1, column 6: unexpected end of input; expected four hex digits after '\u'"#)
    }

    @Test func loneSurrogates() {
        #expect(failure(#"["\uD83D"]"#) == #"line 1, column 3: expected a low surrogate escape \uDC00-\uDFFF after \uD83D (a high surrogate must be followed by its pair)"#)
        #expect(failure(#"["x\ud83dy"]"#) == #"line 1, column 4: expected a low surrogate escape \uDC00-\uDFFF after \uD83D (a high surrogate must be followed by its pair)"#)
        #expect(failure(#"["\uD83D\u0041"]"#) == #"line 1, column 3: expected a low surrogate escape \uDC00-\uDFFF after \uD83D (a high surrogate must be followed by its pair)"#)
        #expect(failure(#"["\uD83D\uD83D"]"#) == #"line 1, column 3: expected a low surrogate escape \uDC00-\uDFFF after \uD83D (a high surrogate must be followed by its pair)"#)
        #expect(failure(#"["\uDE00"]"#) == #"line 1, column 3: expected a high surrogate escape \uD800-\uDBFF before \uDE00 (a low surrogate cannot stand alone)"#)
    }

    @Test func numberSyntax() {
        #expect(failure("[01]") == "line 1, column 2: expected a number without leading zeros")
        #expect(failure("-007") == "line 1, column 1: expected a number without leading zeros")
        #expect(failure("[-]") == "line 1, column 3: expected a digit after '-'")
        #expect(failure("[1.]") == "line 1, column 4: expected a digit after the decimal point")
        #expect(failure("[1.e5]") == "line 1, column 4: expected a digit after the decimal point")
        #expect(failure("[1e]") == "line 1, column 4: expected a digit in the exponent")
        #expect(failure("[1E+]") == "line 1, column 5: expected a digit in the exponent")
        #expect(failure("[.5]") == "line 1, column 2: expected a value (write 0.5, not .5)")
        #expect(failure("[+1]") == "line 1, column 2: expected a value (numbers have no '+' sign)")
        #expect(failure("[-Infinity]") == "line 1, column 3: expected a digit after '-'")
        #expect(failure("[0x10]") == "line 1, column 3: expected ',' or ']' after an array element")
        #expect(failure("[1.5.2]") == "line 1, column 5: expected ',' or ']' after an array element")
    }

    @Test func invalidLiterals() {
        let hint = "(the literals are lower-case true, false and null; strings need double quotes)"
        #expect(failure("[tru]") == "line 1, column 2: expected a value, found 'tru' \(hint)")
        #expect(failure("tru") == "line 1, column 1: expected a value, found 'tru' \(hint)")
        #expect(failure("True") == "line 1, column 1: expected a value, found 'True' \(hint)")
        #expect(failure("[nulll]") == "line 1, column 2: expected a value, found 'nulll' \(hint)")
        #expect(failure("[NaN]") == "line 1, column 2: expected a value, found 'NaN' \(hint)")
        #expect(failure(#"{"Effect": Allow}"#) == "line 1, column 12: expected a value, found 'Allow' \(hint)")
        let long = String(repeating: "x", count: 40)
        #expect(failure(long) == "line 1, column 1: expected a value, found '\(String(repeating: "x", count: 24))...' \(hint)")
    }

    @Test func trailingContent() {
        #expect(failure(#"{"a":1} x"#) == "line 1, column 9: expected end of input after the value")
        #expect(failure("[1]]") == "line 1, column 4: expected end of input after the value")
        #expect(failure("1 2") == "line 1, column 3: expected end of input after the value")
        #expect(failure("{}\n{}") == "line 2, column 1: expected end of input after the value")
        #expect(failure("true\u{0}") == "line 1, column 5: expected end of input after the value (found the control character U+0000)")
    }

    @Test func commentsAndWrongQuotes() {
        #expect(failure("{\"a\":1 // note\n}") == "line 1, column 8: expected ',' or '}' after an object member (comments are not allowed in JSON)")
        #expect(failure("/* c */ 1") == "line 1, column 1: expected a value (comments are not allowed in JSON)")
        #expect(failure("['a']") == "line 1, column 2: expected a value (strings need double quotes, not single quotes)")
        #expect(failure("{“a”:1}") == "line 1, column 2: expected a string key or '}' (found the curly quote “; use straight double quotes \")")
        #expect(failure("[1,\u{A0}2]") == "line 1, column 4: expected a value (found U+00A0)")
        #expect(failure("\u{FEFF}{}") == "line 1, column 1: expected a value (found a byte order mark; save the file as UTF-8 without BOM)")
    }

    @Test func invalidUTF8() {
        let quote = UInt8(ascii: "\""), open = UInt8(ascii: "["), close = UInt8(ascii: "]")
        #expect(failure(bytes: [open, quote, 0x61, 0xFF, 0x62, quote, close])
            == "line 1, column 4: expected UTF-8 text, found byte 0xFF, which is not valid UTF-8 here")
        // Overlong encoding of '/'.
        #expect(failure(bytes: [quote, 0xC0, 0xAF, quote])
            == "line 1, column 2: expected UTF-8 text, found byte 0xC0, which is not valid UTF-8 here")
        // An encoded surrogate (U+D800): the second byte is where it goes wrong.
        #expect(failure(bytes: [quote, 0xED, 0xA0, 0x80, quote])
            == "line 1, column 3: expected UTF-8 text, found byte 0xA0, which is not valid UTF-8 here")
        // Above U+10FFFF.
        #expect(failure(bytes: [quote, 0xF4, 0x90, 0x80, 0x80, quote])
            == "line 1, column 3: expected UTF-8 text, found byte 0x90, which is not valid UTF-8 here")
        // A stray continuation byte.
        #expect(failure(bytes: [quote, 0x80, quote])
            == "line 1, column 2: expected UTF-8 text, found byte 0x80, which is not valid UTF-8 here")
        // A lead byte whose sequence is cut short by the closing quote.
        #expect(failure(bytes: [quote, 0xE2, 0x82, quote])
            == "line 1, column 3: expected UTF-8 text, found byte 0x22, which is not valid UTF-8 here")
        #expect(failure(bytes: [quote, 0xE2, 0x82])
            == "line 1, column 3: unexpected end of input; expected the remaining bytes of a UTF-8 character")
        #expect(failure(bytes: [open, 0xFF, close])
            == "line 1, column 2: expected a value (found byte 0xFF, which is not valid UTF-8)")
        // UTF-16 with a byte order mark.
        #expect(failure(bytes: [0xFF, 0xFE, open, 0, close, 0])
            == "line 1, column 1: expected a value (found byte 0xFF, which is not valid UTF-8)")
    }

    @Test func columnsCountCharactersNotBytes() {
        #expect(failure(#"{"é😀":1 "b":2}"#) == "line 1, column 9: expected ',' or '}' after an object member")
        #expect(failure("[\t1\t2]") == "line 1, column 5: expected ',' or ']' after an array element")
        #expect(failure("[1,\r\n2\r\n3]") == "line 3, column 1: expected ',' or ']' after an array element")
        #expect(failure("[1,\r2\r3]") == "line 3, column 1: expected ',' or ']' after an array element")
        #expect(failure("[\"租户\" 1]") == "line 1, column 7: expected ',' or ']' after an array element")
    }

    @Test func nonJSONWhitespaceIsRejected() {
        #expect(failure("[1,\u{C}2]") == "line 1, column 4: expected a value (found the control character U+000C)")
        #expect(failure("[1\u{B}]") == "line 1, column 3: expected ',' or ']' after an array element (found the control character U+000B)")
    }
}
