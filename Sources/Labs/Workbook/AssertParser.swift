import Core

/// `[Captures]` and `[Asserts]` lines: a query, filters, and for asserts `[not] predicate value`.
enum AssertParser {
    /// Words people write for a predicate that Hurl spells differently; edit distance alone
    /// cannot lead `equals` to `==`.
    static let synonyms = [
        "equals": "==", "equal": "==", "eq": "==", "=": "==", "is": "==",
        "notEquals": "!=", "ne": "!=", "<>": "!=", "gt": ">", "ge": ">=", "gte": ">=", "=>": ">=",
        "lt": "<", "le": "<=", "lte": "<=", "=<": "<=", "exist": "exists", "empty": "isEmpty",
    ]

    /// `name: <query> [filters...]`.
    static func capture(_ line: SourceLine) throws(LabFileError) -> Capture {
        var line = line
        line.skipSpaces()
        let start = line.index
        while let c = line.peek, c != ":", !c.isWhitespace { line.index += 1 }
        let name = String(line.substring(start..<line.index))
        line.skipSpaces()
        guard !name.isEmpty, line.peek == ":" else {
            throw line.error("expected 'name: <query>', e.g. tenant_id: jsonpath \"$.id\"", at: start)
        }
        guard TemplateParser.isVariableName(name) else {
            throw line.error("'\(name)' is not a variable name (letters, digits, '_' or '-')", at: start)
        }
        line.index += 1
        let query = try self.query(&line)
        var filters: [Filter] = []
        while !line.atEnd() {
            let (word, wordStart) = line.word()!
            guard let filter = try filter(word, wordStart, &line) else {
                let hint = Suggestion.closest(to: word, among: Filter.names).map { "; did you mean '\($0)'?" }
                throw line.error("unknown filter '\(word)'\(hint ?? "")", at: wordStart)
            }
            filters.append(filter)
        }
        return Capture(name: name, query: query, filters: filters, location: line.location(at: start))
    }

    /// `<query> [filters...] [not] <predicate> [value]`.
    static func assert(_ line: SourceLine) throws(LabFileError) -> Assert {
        var line = line
        let query = try self.query(&line)
        var filters: [Filter] = []
        var negated = false
        while true {
            let next = line.word()
            guard let (word, start) = next, !word.hasPrefix("#") else {
                throw line.error("expected a predicate such as == or exists after the query", at: next?.start ?? line.index)
            }
            if let filter = try filter(word, start, &line) {
                filters.append(filter)
                continue
            }
            if word == "not", !negated {
                negated = true
                continue
            }
            guard let op = Predicate.Operator(rawValue: word) else {
                throw unknownPredicate(word, start, line)
            }
            let location = line.location(at: start)
            var value: PredicateValue?
            if op.takesValue {
                guard !line.atEnd() else {
                    throw line.error("predicate '\(word)' needs a value, e.g. \(word) \"text\"")
                }
                value = try PredicateValueParser.parse(&line, for: op)
                guard line.atEnd() else { throw line.error("unexpected text after the value") }
            } else if !line.atEnd() {
                throw line.error("predicate '\(word)' takes no value")
            }
            return Assert(query: query, filters: filters, isNegated: negated,
                          predicate: Predicate(op, value: value, location: location),
                          location: query.location)
        }
    }

    private static func unknownPredicate(_ word: String, _ start: Int, _ line: SourceLine) -> LabFileError {
        let predicates = Predicate.Operator.allCases.map(\.rawValue)
        let synonym = synonyms.first { $0.key.lowercased() == word.lowercased() }?.value
        if let suggestion = synonym ?? Suggestion.closest(to: word, among: predicates) {
            return line.error("unknown predicate '\(word)'; did you mean '\(suggestion)'?", at: start)
        }
        if let filter = Suggestion.closest(to: word, among: Filter.names) {
            return line.error("unknown filter '\(word)'; did you mean '\(filter)'?", at: start)
        }
        return line.error("unknown predicate '\(word)'", at: start)
    }

    /// A query word and its argument.
    static func query(_ line: inout SourceLine) throws(LabFileError) -> Query {
        guard let (word, start) = line.word() else {
            throw line.error("expected a query such as status, header \"Name\" or jsonpath \"$.id\"")
        }
        let location = line.location(at: start)
        let missing = "expected a quoted argument after '\(word)', e.g. \(word) \"...\""
        func argument() throws(LabFileError) -> Template {
            try quotedArgument(&line, orElse: missing).template
        }
        switch word {
        case "status": return Query(.status, location: location)
        case "body": return Query(.body, location: location)
        case "duration": return Query(.duration, location: location)
        case "sha256": return Query(.sha256, location: location)
        case "header": return Query(.header(try argument()), location: location)
        case "jsonpath": return Query(.jsonpath(try jsonPath(&line, orElse: missing)), location: location)
        case "regex":
            line.skipSpaces()
            if line.peek == "/" {
                let open = line.index
                let pattern = try PredicateValueParser.regex(&line)
                try PatternCheck.regex(pattern, at: open, on: line)
                return Query(.regex(Template(literal: pattern, location: location)), location: location)
            }
            let pattern = try argument()
            try PatternCheck.regex(pattern, on: line)
            return Query(.regex(pattern), location: location)
        case "variable":
            let name = try argument()
            guard let text = name.literalText, TemplateParser.isVariableName(text) else {
                throw line.error("variable takes a variable's name, e.g. variable \"tenant_id\"",
                                 at: name.location.column - 1)
            }
            return Query(.variable(text), location: location)
        default:
            let hint = Suggestion.closest(to: word, among: Query.names).map { "; did you mean '\($0)'?" }
            throw line.error("unknown query '\(word)'\(hint ?? "")", at: start)
        }
    }

    /// The filter `word` names (reading its argument), or nil when it names none.
    private static func filter(_ word: String, _ start: Int, _ line: inout SourceLine) throws(LabFileError) -> Filter? {
        let kind: Filter.Kind
        switch word {
        case "count": kind = .count
        case "nth": kind = .nth(try nthIndex(&line))
        case "split": kind = .split(try splitSeparator(&line))
        case "base64UrlSafeDecode": kind = .base64UrlSafeDecode
        case "utf8Decode": kind = .utf8Decode
        case "decode": kind = .decode(try charset(&line))
        case "jsonpath":
            kind = .jsonpath(try jsonPath(&line, orElse: "jsonpath needs a quoted expression, e.g. jsonpath \"$.id\""))
        default: return nil
        }
        return Filter(kind, location: line.location(at: start))
    }

    /// `nth`'s index: a whole number, 0 or more.
    private static func nthIndex(_ line: inout SourceLine) throws(LabFileError) -> Int {
        let index = line.word()
        guard let text = index?.text, let n = Int(text), n >= 0 else {
            throw line.error("nth needs an index of 0 or more, e.g. nth 0", at: index?.start ?? line.index)
        }
        return n
    }

    /// `split`'s separator. An empty one is refused: it would cut nowhere useful.
    private static func splitSeparator(_ line: inout SourceLine) throws(LabFileError) -> Template {
        let separator = try quotedArgument(&line, orElse: "split needs a quoted separator, e.g. split \",\"")
        guard separator.template.literalText != "" else {
            throw line.error("split needs a separator that is not empty, e.g. split \",\"", at: separator.raw.lowerBound - 1)
        }
        return separator.template
    }

    /// `decode`'s charset: Hurl knows many, saaslab only UTF-8 (checked now unless it has
    /// placeholders).
    private static func charset(_ line: inout SourceLine) throws(LabFileError) -> Template {
        let charset = try quotedArgument(&line, orElse: "decode needs a quoted charset, e.g. decode \"utf-8\"")
        if let name = charset.template.literalText, !HurlFilter.isUTF8(name) {
            throw line.error("decode supports only \"utf-8\" in saaslab, not \(HurlValue.string(name).literal)",
                             at: charset.raw.lowerBound - 1)
        }
        return charset.template
    }

    /// A quoted JSONPath expression (the `jsonpath` query's or filter's), its syntax checked
    /// now unless it has placeholders.
    private static func jsonPath(_ line: inout SourceLine, orElse missing: String) throws(LabFileError) -> Template {
        let path = try quotedArgument(&line, orElse: missing)
        try PatternCheck.jsonPath(path.template, raw: path.raw, on: line)
        return path.template
    }

    /// A `"quoted"` argument at the cursor, or `missing` as the error: its template, and the
    /// positions of its raw characters (a JSONPath error's column maps back through them).
    private static func quotedArgument(
        _ line: inout SourceLine, orElse missing: String
    ) throws(LabFileError) -> (template: Template, raw: Range<Int>) {
        line.skipSpaces()
        guard line.peek == "\"" else { throw line.error(missing) }
        let raw = try line.quoted()
        return (try TemplateParser.parse(raw, on: line, unescape: true), raw)
    }
}
