/// Turns raw text into a `Template`: `{{name}}` placeholders split out with exact columns and,
/// for quoted strings, escapes resolved in the literal parts only.
enum TemplateParser {
    /// Parses `raw`, which starts at 0-based character `start` of `line`.
    static func parse(
        _ raw: [Character], startingAt start: Int, on line: SourceLine, unescape: Bool
    ) throws(LabFileError) -> Template {
        var parts: [Template.Part] = []
        var literal = ""
        var i = 0
        func flush() {
            if !literal.isEmpty { parts.append(.literal(literal)) }
            literal = ""
        }
        while i < raw.count {
            let c = raw[i]
            if c == "{", i + 1 < raw.count, raw[i + 1] == "{" {
                guard let close = closing(raw, from: i + 2) else {
                    throw line.error("unclosed '{{': add '}}' after the variable name", at: start + i)
                }
                let inner = String(raw[(i + 2)..<close])
                let name = inner.trimmingSpaces
                let nameOffset = i + 2 + (inner.count - inner.drop(while: { $0 == " " }).count)
                guard isVariableName(name) else {
                    throw line.error("'\(name)' is not a variable name (letters, digits, '_' or '-')",
                                     at: start + nameOffset)
                }
                flush()
                parts.append(.variable(name, line.location(at: start + nameOffset)))
                i = close + 2
            } else if unescape, c == "\\" {
                let (text, length) = try escape(raw, at: i, start: start, line: line)
                literal += text
                i += length
            } else {
                literal.append(c)
                i += 1
            }
        }
        flush()
        return Template(parts, location: line.location(at: start))
    }

    /// Variable names: a letter or `_`, then letters, digits, `_` or `-` (Hurl's rule).
    static func isVariableName(_ name: String) -> Bool {
        guard let first = name.first, first.isLetter || first == "_" else { return false }
        return name.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }
    }

    private static func closing(_ raw: [Character], from index: Int) -> Int? {
        var i = index
        while i + 1 < raw.count {
            if raw[i] == "}", raw[i + 1] == "}" { return i }
            i += 1
        }
        return nil
    }

    /// One escape sequence: `\" \\ \/ \n \t \r \b \f \# \{ \}` and `\u{hex}`.
    private static func escape(
        _ raw: [Character], at i: Int, start: Int, line: SourceLine
    ) throws(LabFileError) -> (String, Int) {
        guard i + 1 < raw.count else { throw line.error("a string cannot end with '\\'", at: start + i) }
        switch raw[i + 1] {
        case "\"", "\\", "/", "#", "{", "}": return (String(raw[i + 1]), 2)
        case "n": return ("\n", 2)
        case "t": return ("\t", 2)
        case "r": return ("\r", 2)
        case "b": return ("\u{8}", 2)
        case "f": return ("\u{C}", 2)
        case "u":
            guard i + 2 < raw.count, raw[i + 2] == "{",
                  let close = raw[(i + 3)...].firstIndex(of: "}"),
                  let code = UInt32(String(raw[(i + 3)..<close]), radix: 16),
                  let scalar = Unicode.Scalar(code)
            else { throw line.error("expected '\\u{hex}' for a Unicode escape", at: start + i) }
            return (String(Character(scalar)), close - i + 1)
        default:
            throw line.error("unknown escape '\\\(raw[i + 1])'", at: start + i)
        }
    }
}

extension String {
    /// Without leading or trailing spaces and tabs.
    /// Walks in from each end by index: every lab line passes through here, and rebuilding
    /// the string from a reversed view cost more than parsing the rest of the line.
    var trimmingSpaces: String {
        let isText: (Character) -> Bool = { $0 != " " && $0 != "\t" }
        guard let first = firstIndex(where: isText), let last = lastIndex(where: isText) else { return "" }
        if first == startIndex && last == index(before: endIndex) { return self }
        return String(self[first...last])
    }
}
