import Core

/// The `[Options]` section: the subset of Hurl's options that steps need.
enum OptionsParser {
    static let names = ["aws-sigv4", "user", "variable", "delay", "retry", "retry-interval", "skip", "hint", "hint-when", "isolation"]

    static func parse(_ items: [SourceLine]) throws(LabFileError) -> Options {
        var options = Options()
        var seen: Set<String> = []
        for item in items {
            var line = item
            line.skipSpaces()
            let start = line.index
            while let c = line.peek, c != ":", !c.isWhitespace { line.index += 1 }
            let name = String(line.substring(start..<line.index))
            line.skipSpaces()
            guard line.peek == ":" else { throw line.error("expected 'option: value'", at: start) }
            line.index += 1
            guard names.contains(name) else {
                let hint = Suggestion.closest(to: name, among: names).map { "; did you mean '\($0)'?" }
                throw line.error("unknown option '\(name)'\(hint ?? "")", at: start)
            }
            guard name == "variable" || name == "hint-when" || seen.insert(name).inserted else {
                throw line.error("option '\(name)' is given twice", at: start)
            }
            let value = try HurlParser.value(&line)
            let valueStart = value.location.column - 1
            let text = value.literalText
            switch name {
            case "aws-sigv4": options.awsSigV4 = try sigV4(value, line)
            case "user": options.user = try user(value, line)
            case "variable": options.variables.append(try variable(value, line))
            case "retry":
                guard let text, let n = Int(text), n >= 0 else {
                    throw line.error("retry must be a whole number of 0 or more", at: valueStart)
                }
                options.retry = n
            case "hint":
                guard let text, !text.isEmpty else {
                    throw line.error("hint must be plain text, without {{variables}}", at: valueStart)
                }
                options.hint = text
            case "hint-when":
                options.conditionalHints.append(try conditionalHint(text, line, at: valueStart))
            case "skip", "isolation":
                guard let text, text == "true" || text == "false" else {
                    throw line.error("\(name) must be true or false", at: valueStart)
                }
                if name == "skip" { options.skip = text == "true" } else { options.guardsIsolation = text == "true" }
            default:
                // Hurl reads a bare number as milliseconds for delay and retry-interval.
                switch text.map({ DurationText.parse($0, defaultUnit: "ms") }) ?? .failure(.malformed) {
                case .success(let duration):
                    if name == "delay" { options.delay = duration } else { options.retryInterval = duration }
                case .failure(.malformed):
                    throw line.error("\(name) must be a duration such as 500ms or 2s", at: valueStart)
                case .failure(.tooLong):
                    throw line.error("\(name) must be at most \(DurationText.maximumText)", at: valueStart)
                }
            }
        }
        return options
    }

    /// `aws:amz:<region>:<service>`; the region may be a placeholder such as `{{region}}`.
    private static func sigV4(_ value: Template, _ line: SourceLine) throws(LabFileError) -> SigV4Scope {
        let pieces = split(value, at: ":")
        guard pieces.count == 4, pieces[0].literalText == "aws", pieces[1].literalText == "amz",
              !pieces[2].parts.isEmpty, let service = pieces[3].literalText, !service.isEmpty
        else {
            throw line.error("expected aws-sigv4: aws:amz:<region>:<service>, e.g. aws:amz:us-east-1:execute-api",
                             at: value.location.column - 1)
        }
        return SigV4Scope(region: pieces[2], service: service, location: value.location)
    }

    /// `text => hint`: what an answer must contain, then the hint, both plain text; the text
    /// is everything before the first ` => ` (spaces around it are not part of either).
    private static func conditionalHint(_ text: String?, _ line: SourceLine, at start: Int) throws(LabFileError) -> ConditionalHint {
        let usage = "expected hint-when: <text the answer contains> => <hint>, both plain text without {{variables}}"
        guard let text, let arrow = text.range(of: " => ") else { throw line.error(usage, at: start) }
        let match = text[..<arrow.lowerBound].trimmingSpaces
        let hint = text[arrow.upperBound...].trimmingSpaces
        guard !match.isEmpty, !hint.isEmpty else { throw line.error(usage, at: start) }
        return ConditionalHint(text: String(match), hint: String(hint))
    }

    /// `<key>:<secret>`, split at the first colon outside a placeholder.
    private static func user(_ value: Template, _ line: SourceLine) throws(LabFileError) -> UserCredentials {
        let pieces = split(value, at: ":", limit: 2)
        guard pieces.count == 2 else {
            throw line.error("expected user: <access-key>:<secret>", at: value.location.column - 1)
        }
        return UserCredentials(accessKey: pieces[0], secret: pieces[1], location: value.location)
    }

    /// `name=value`.
    private static func variable(_ value: Template, _ line: SourceLine) throws(LabFileError) -> VariableDefinition {
        let pieces = split(value, at: "=", limit: 2)
        guard pieces.count == 2, let name = pieces[0].literalText?.trimmingSpaces,
              TemplateParser.isVariableName(name)
        else {
            throw line.error("expected variable: <name>=<value>", at: value.location.column - 1)
        }
        return VariableDefinition(name: name, value: pieces[1], location: value.location)
    }

    /// Splits a template at `separator` in its literal parts, keeping placeholders whole.
    static func split(_ template: Template, at separator: Character, limit: Int = .max) -> [Template] {
        var result: [Template] = []
        var parts: [Template.Part] = []
        var literal = ""
        var column = template.location.column
        var start = template.location
        for part in template.parts {
            switch part {
            case .variable(let name, _):
                if !literal.isEmpty { parts.append(.literal(literal)); literal = "" }
                parts.append(part)
                column += name.count + 4
            case .literal(let text):
                for c in text {
                    column += 1
                    if c == separator, result.count < limit - 1 {
                        if !literal.isEmpty { parts.append(.literal(literal)); literal = "" }
                        result.append(Template(parts, location: start))
                        parts = []
                        start = SourceLocation(file: start.file, line: start.line, column: column)
                    } else {
                        literal.append(c)
                    }
                }
            }
        }
        if !literal.isEmpty { parts.append(.literal(literal)) }
        result.append(Template(parts, location: start))
        return result
    }
}
