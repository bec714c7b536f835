/// String literals: escapes, surrogate pairs and UTF-8 validation.
extension JSONParser {
    /// Parses the string literal whose opening quote is at `index`.
    ///
    /// Runs without escapes are decoded straight from the input; only strings with escapes
    /// are assembled in `scratch`.
    mutating func parseString() throws(JSONError) -> String {
        let open = index
        index += 1
        var runStart = index
        var escaped = false
        while true {
            guard index < bytes.count else {
                let start = fail(open, "")
                throw fail(index, "expected '\"' to close the string that starts at line \(start.line), column \(start.column)")
            }
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                let run = UnsafeBufferPointer(rebasing: bytes[runStart..<index])
                index += 1
                guard escaped else { return String(decoding: run, as: UTF8.self) }
                scratch.append(contentsOf: run)
                return String(decoding: scratch, as: UTF8.self)
            } else if byte == UInt8(ascii: "\\") {
                if !escaped {
                    escaped = true
                    scratch.removeAll(keepingCapacity: true)
                }
                scratch.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<index]))
                try parseEscape()
                runStart = index
            } else if byte < 0x20 {
                throw fail(index, Self.controlCharacterMessage(byte))
            } else if byte < 0x80 {
                index += 1
            } else {
                index = try endOfUTF8Sequence(at: index)
            }
        }
    }

    /// Decodes the escape whose backslash is at `index` into `scratch`.
    private mutating func parseEscape() throws(JSONError) {
        let backslash = index
        index += 1
        guard index < bytes.count else { throw fail(index, Self.escapeExpectation) }
        let simple: UInt8
        switch bytes[index] {
        case UInt8(ascii: "\""): simple = UInt8(ascii: "\"")
        case UInt8(ascii: "\\"): simple = UInt8(ascii: "\\")
        case UInt8(ascii: "/"): simple = UInt8(ascii: "/")
        case UInt8(ascii: "b"): simple = 0x08
        case UInt8(ascii: "f"): simple = 0x0C
        case UInt8(ascii: "n"): simple = UInt8(ascii: "\n")
        case UInt8(ascii: "r"): simple = UInt8(ascii: "\r")
        case UInt8(ascii: "t"): simple = UInt8(ascii: "\t")
        case UInt8(ascii: "u"):
            index += 1
            try parseUnicodeEscape(backslash: backslash)
            return
        default:
            throw fail(backslash, Self.escapeExpectation)
        }
        scratch.append(simple)
        index += 1
    }

    private static let escapeExpectation =
        #"expected one of \" \\ \/ \b \f \n \r \t \uXXXX after '\' (write \\ for a backslash)"#

    /// Decodes `XXXX` (and a following `\uXXXX` low surrogate when `XXXX` is a high one).
    private mutating func parseUnicodeEscape(backslash: Int) throws(JSONError) {
        let unit = try readHexQuad(escapeAt: backslash)
        var scalar = unit
        switch unit {
        case 0xD800...0xDBFF:
            let expectation = "expected a low surrogate escape \\uDC00-\\uDFFF after \\u\(Self.hex(unit)) "
                + "(a high surrogate must be followed by its pair)"
            guard at(UInt8(ascii: "\\")), index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "u") else {
                throw fail(backslash, expectation)
            }
            let lowBackslash = index
            index += 2
            let low = try readHexQuad(escapeAt: lowBackslash)
            guard (0xDC00...0xDFFF).contains(low) else { throw fail(backslash, expectation) }
            scalar = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)
        case 0xDC00...0xDFFF:
            throw fail(backslash, "expected a high surrogate escape \\uD800-\\uDBFF before \\u\(Self.hex(unit)) "
                + "(a low surrogate cannot stand alone)")
        default:
            break
        }
        // Never nil: surrogates were paired or rejected above, and a pair is at most U+10FFFF.
        UTF8.encode(Unicode.Scalar(scalar)!) { scratch.append($0) }
    }

    /// Reads four hex digits at `index`.
    private mutating func readHexQuad(escapeAt backslash: Int) throws(JSONError) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard index < bytes.count else { throw fail(index, "expected four hex digits after '\\u'") }
            let byte = bytes[index]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw fail(backslash, "expected four hex digits after '\\u'")
            }
            value = value << 4 | UInt32(digit)
            index += 1
        }
        return value
    }

    /// Checks the UTF-8 sequence whose lead byte is at `start` and returns the offset after it.
    ///
    /// Rejects what RFC 3629 forbids: stray continuation bytes, overlong forms, encoded
    /// surrogates, code points above U+10FFFF and truncated sequences.
    func endOfUTF8Sequence(at start: Int) throws(JSONError) -> Int {
        let lead = bytes[start]
        let length: Int
        var secondRange: ClosedRange<UInt8> = 0x80...0xBF
        switch lead {
        case 0xC2...0xDF: length = 2
        case 0xE0: length = 3; secondRange = 0xA0...0xBF
        case 0xED: length = 3; secondRange = 0x80...0x9F
        case 0xE1...0xEF: length = 3
        case 0xF0: length = 4; secondRange = 0x90...0xBF
        case 0xF1...0xF3: length = 4
        case 0xF4: length = 4; secondRange = 0x80...0x8F
        default: throw fail(start, Self.invalidUTF8Message(lead))
        }
        for offset in 1..<length {
            let position = start + offset
            guard position < bytes.count else {
                throw fail(position, "expected the remaining bytes of a UTF-8 character")
            }
            let byte = bytes[position]
            guard (offset == 1 ? secondRange : 0x80...0xBF).contains(byte) else {
                throw fail(position, Self.invalidUTF8Message(byte))
            }
        }
        return start + length
    }

    static func invalidUTF8Message(_ byte: UInt8) -> String {
        "expected UTF-8 text, found byte 0x\(hex(UInt32(byte), width: 2)), which is not valid UTF-8 here"
    }

    static func controlCharacterMessage(_ byte: UInt8) -> String {
        switch byte {
        case UInt8(ascii: "\n"), UInt8(ascii: "\r"):
            return "expected '\"' to close the string before the end of the line (write \\n for a line break inside a string)"
        case UInt8(ascii: "\t"):
            return "expected an escape instead of a raw tab in a string (write \\t)"
        default:
            return "expected an escape instead of the raw control character U+\(hex(UInt32(byte))) in a string "
                + "(write \\u\(hex(UInt32(byte))))"
        }
    }

    /// Upper-case hex, zero-padded to `width` digits.
    static func hex(_ value: UInt32, width: Int = 4) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
