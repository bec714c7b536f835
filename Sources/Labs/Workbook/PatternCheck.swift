/// Compiles JSONPath expressions and regular expressions while the lab file loads, so a typo
/// is a load error (exit 2, with file:line:column and a caret) rather than a failed step at
/// run time. Patterns with `{{placeholders}}` are only known at run time and are skipped.
enum PatternCheck {
    /// `path` came from the characters `raw` of a quoted string on `line`; a
    /// ``JSONPathError`` column counts unescaped characters, so it is mapped back through `raw`.
    static func jsonPath(_ path: Template, raw: Range<Int>, on line: SourceLine) throws(LabFileError) {
        guard let text = path.literalText else { return }
        do {
            _ = try JSONPath(text)
        } catch {
            throw line.error("invalid JSONPath: \(error.message)", at: lineIndex(ofColumn: error.column, raw: raw, on: line))
        }
    }

    /// A quoted pattern (`matches "…"`, `regex "…"`), reported at its first character.
    static func regex(_ pattern: Template, on line: SourceLine) throws(LabFileError) {
        guard let text = pattern.literalText else { return }
        try regex(text, at: pattern.location.column - 2, on: line)
    }

    /// A pattern whose opening `/` or `"` is at `index` on `line`.
    static func regex(_ pattern: String, at index: Int, on line: SourceLine) throws(LabFileError) {
        if let problem = HurlRegex.problem(with: pattern) {
            throw line.error(problem, at: index)
        }
    }

    /// Where the `column`th (1-based) unescaped character of a quoted string sits on its line:
    /// `\"` is one character written as two, `\u{1F600}` one written as nine.
    static func lineIndex(ofColumn column: Int, raw: Range<Int>, on line: SourceLine) -> Int {
        let characters = line.characters
        var index = raw.lowerBound
        var unescaped = 1
        while index < raw.upperBound, unescaped < column {
            if characters[index] == "\\", index + 1 < raw.upperBound {
                index = characters[index + 1] == "u"
                    ? (characters[index..<raw.upperBound].firstIndex(of: "}") ?? index + 1) + 1 : index + 2
            } else {
                index += 1
            }
            unescaped += 1
        }
        return min(index, raw.upperBound)
    }
}
