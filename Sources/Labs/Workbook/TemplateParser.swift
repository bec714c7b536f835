/// Turns raw text into a `Template`: `{{name}}` placeholders split out with exact columns and,
/// for quoted strings, escapes resolved in the literal parts only.
enum TemplateParser {
    /// Parses the characters of `line` in `raw`.
    static func parse(_ raw: Range<Int>, on line: SourceLine, unescape: Bool) throws(LabFileError) -> Template {
        let characters = line.characters
        var parts: [Template.Part] = []
        var literal = ""
        // Literal text is copied a run at a time, from here up to the next placeholder or escape.
        var runStart = raw.lowerBound
        var i = raw.lowerBound
        func flush(upTo end: Int) {
            literal += line.substring(runStart..<end)
            if !literal.isEmpty { parts.append(.literal(literal)) }
            literal = ""
        }
        while i < raw.upperBound {
            let c = characters.ascii(i)
            if c == UInt8(ascii: "{"), i + 1 < raw.upperBound, characters.ascii(i + 1) == UInt8(ascii: "{") {
                guard let close = closing(characters, from: i + 2, before: raw.upperBound) else {
                    throw line.error("unclosed '{{': add '}}' after the variable name", at: i)
                }
                let inner = line.substring((i + 2)..<close)
                let name = String(inner.trimmingSpaces)
                let nameStart = i + 2 + (inner.count - inner.drop(while: { $0 == " " }).count)
                guard isVariableName(name) else {
                    throw line.error("'\(name)' is not a variable name (letters, digits, '_' or '-')", at: nameStart)
                }
                flush(upTo: i)
                parts.append(.variable(name, line.location(at: nameStart)))
                i = close + 2
                runStart = i
            } else if unescape, c == UInt8(ascii: "\\") {
                literal += line.substring(runStart..<i)
                let (text, length) = try escape(characters, at: i, before: raw.upperBound, line: line)
                literal += text
                i += length
                runStart = i
            } else {
                i += 1
            }
        }
        flush(upTo: raw.upperBound)
        return Template(parts, location: line.location(at: raw.lowerBound))
    }

    /// Variable names: a letter or `_`, then letters, digits, `_` or `-` (Hurl's rule).
    static func isVariableName(_ name: String) -> Bool {
        guard let first = name.first, first.isLetter || first == "_" else { return false }
        return name.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }
    }

    private static func closing(_ characters: LineCharacters, from index: Int, before end: Int) -> Int? {
        var i = index
        while i + 1 < end {
            if characters.ascii(i) == UInt8(ascii: "}"), characters.ascii(i + 1) == UInt8(ascii: "}") { return i }
            i += 1
        }
        return nil
    }

    /// One escape sequence: `\" \\ \/ \n \t \r \b \f \# \{ \}` and `\u{hex}`.
    private static func escape(
        _ characters: LineCharacters, at i: Int, before end: Int, line: SourceLine
    ) throws(LabFileError) -> (String, Int) {
        guard i + 1 < end else { throw line.error("a string cannot end with '\\'", at: i) }
        switch characters[i + 1] {
        case "\"", "\\", "/", "#", "{", "}": return (String(characters[i + 1]), 2)
        case "n": return ("\n", 2)
        case "t": return ("\t", 2)
        case "r": return ("\r", 2)
        case "b": return ("\u{8}", 2)
        case "f": return ("\u{C}", 2)
        case "u":
            guard i + 2 < end, characters[i + 2] == "{",
                  let close = characters[(i + 3)..<end].firstIndex(of: "}"),
                  let code = UInt32(String(line.substring((i + 3)..<close)), radix: 16),
                  let scalar = Unicode.Scalar(code)
            else { throw line.error("expected '\\u{hex}' for a Unicode escape", at: i) }
            return (String(Character(scalar)), close - i + 1)
        default:
            throw line.error("unknown escape '\\\(characters[i + 1])'", at: i)
        }
    }
}

extension Substring {
    /// Without leading or trailing spaces and tabs.
    /// Walks in from each end by index: every lab line passes through here, and rebuilding
    /// the string from a reversed view cost more than parsing the rest of the line.
    var trimmingSpaces: Substring {
        let isText: (Character) -> Bool = { $0 != " " && $0 != "\t" }
        guard let first = firstIndex(where: isText), let last = lastIndex(where: isText) else { return self[endIndex...] }
        return self[first...last]
    }
}

extension String {
    /// Without leading or trailing spaces and tabs (the string itself when it has none).
    var trimmingSpaces: String {
        let trimmed = self[...].trimmingSpaces
        return trimmed.startIndex == startIndex && trimmed.endIndex == endIndex ? self : String(trimmed)
    }
}
