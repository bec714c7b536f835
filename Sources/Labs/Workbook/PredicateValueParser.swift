/// A predicate's value, typed as Hurl types it.
enum PredicateValueParser {
    static func parse(_ line: inout SourceLine, for op: Predicate.Operator) throws(LabFileError) -> PredicateValue {
        line.skipSpaces()
        let start = line.index
        switch line.peek {
        case "\"":
            let text = try TemplateParser.parse(try line.quoted(), on: line, unescape: true)
            if op == .matches { try PatternCheck.regex(text, on: line) }
            return .string(text)
        case "/":
            guard op == .matches else {
                throw line.error("a /regex/ value only goes with 'matches'")
            }
            let pattern = try regex(&line)
            try PatternCheck.regex(pattern, at: start, on: line)
            return .regex(pattern)
        case "{":
            let template = try TemplateParser.parse(line.rest(), on: line, unescape: false)
            guard template.parts.count == 1, case .variable = template.parts[0] else {
                throw line.error("expected a single {{variable}}; quote text that mixes variables and words", at: start)
            }
            return .variable(template)
        default:
            break
        }
        let word = line.word()?.text ?? ""
        switch word {
        case "true": return .boolean(true)
        case "false": return .boolean(false)
        case "null": return .null
        default: break
        }
        if let n = Int(word) { return .integer(n) }
        if word.contains(where: { $0 == "." || $0 == "e" || $0 == "E" }),
           word.first.map({ $0.isNumber || $0 == "-" }) == true, let x = Double(word) {
            return .float(x, text: word)
        }
        throw line.error("expected a value: a \"string\", a number, true, false, null or {{variable}}", at: start)
    }

    /// `/pattern/` with `\/` standing for a slash; other escapes are the regex's own.
    static func regex(_ line: inout SourceLine) throws(LabFileError) -> String {
        let open = line.index
        line.index += 1
        var pattern = ""
        while let c = line.peek, c != "/" {
            if c == "\\", line.index + 1 < line.characters.count, line.characters[line.index + 1] == "/" {
                pattern.append("/")
                line.index += 2
            } else {
                pattern.append(c)
                line.index += 1
            }
        }
        guard line.peek == "/" else { throw line.error("this /regex/ is never closed", at: open) }
        line.index += 1
        return pattern
    }
}
