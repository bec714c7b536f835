/// Hints appended to parse errors for the mistakes people make when writing JSON by hand
/// (policy files copied from a web page or a JavaScript snippet). They only run on the
/// error path, so they may look around freely.
extension JSONParser {
    /// A parenthesised hint for a bad byte where a value should start, or "".
    func valueHint(at offset: Int) -> String {
        guard offset < bytes.count else { return "" }
        let byte = bytes[offset]
        switch byte {
        case UInt8(ascii: "]"), UInt8(ascii: "}"):
            if previousSignificantByte(before: offset) == UInt8(ascii: ",") {
                return " after ',' (trailing commas are not allowed)"
            }
        case UInt8(ascii: "+"):
            return " (numbers have no '+' sign)"
        case UInt8(ascii: "."):
            return " (write 0.5, not .5)"
        default:
            if Self.isWordByte(byte) {
                var end = offset
                while end < bytes.count, Self.isWordByte(bytes[end]) { end += 1 }
                let word = String(decoding: UnsafeBufferPointer(rebasing: bytes[offset..<min(end, offset + 24)]), as: UTF8.self)
                return ", found '\(word)\(end > offset + 24 ? "..." : "")' "
                    + "(the literals are lower-case true, false and null; strings need double quotes)"
            }
        }
        return commonMistakeHint(at: offset)
    }

    /// A parenthesised hint for a bad byte where an object key should start, or "".
    func keyHint(at offset: Int) -> String {
        guard offset < bytes.count else { return "" }
        if Self.isWordByte(bytes[offset]) {
            return " (keys need double quotes)"
        }
        if bytes[offset] == UInt8(ascii: "}") && previousSignificantByte(before: offset) == UInt8(ascii: ",") {
            return " (trailing commas are not allowed)"
        }
        return commonMistakeHint(at: offset)
    }

    /// Hints that apply anywhere: wrong quotes, comments, a byte order mark, stray
    /// non-ASCII or invalid UTF-8.
    func commonMistakeHint(at offset: Int) -> String {
        guard offset < bytes.count else { return "" }
        let byte = bytes[offset]
        switch byte {
        case UInt8(ascii: "'"):
            return " (strings need double quotes, not single quotes)"
        case UInt8(ascii: "/"), UInt8(ascii: "#"):
            return " (comments are not allowed in JSON)"
        case 0x80...:
            guard let end = try? endOfUTF8Sequence(at: offset) else {
                return " (found byte 0x\(Self.hex(UInt32(byte), width: 2)), which is not valid UTF-8)"
            }
            let character = String(decoding: UnsafeBufferPointer(rebasing: bytes[offset..<end]), as: UTF8.self)
            switch character.unicodeScalars.first?.value ?? 0 {
            case 0x2018, 0x2019, 0x201C, 0x201D:
                return " (found the curly quote \(character); use straight double quotes \")"
            case 0xFEFF:
                return " (found a byte order mark; save the file as UTF-8 without BOM)"
            case let scalar:
                return " (found U+\(Self.hex(scalar)))"
            }
        case 0..<0x20:
            return " (found the control character U+\(Self.hex(UInt32(byte))))"
        default:
            return ""
        }
    }

    /// The last non-whitespace byte before `offset`, if any.
    private func previousSignificantByte(before offset: Int) -> UInt8? {
        var position = offset - 1
        while position >= 0 {
            switch bytes[position] {
            case UInt8(ascii: " "), UInt8(ascii: "\n"), UInt8(ascii: "\r"), UInt8(ascii: "\t"):
                position -= 1
            default:
                return bytes[position]
            }
        }
        return nil
    }
}
