import Core

/// Filter expressions: `?(expr)` (the common form) or `?expr` (RFC 9535).
///
/// Precedence, loosest first: `||`, `&&`, `!`, comparison. A bare path is an existence test.
extension JSONPathParser {
    mutating func parseFilterSelector() throws(JSONPathError) -> FilterExpression {
        skipSpaces()
        // `?(...)` is parsed as a parenthesised expression, so both forms share one grammar.
        return try parseOr()
    }

    private mutating func parseOr() throws(JSONPathError) -> FilterExpression {
        var expression = try parseAnd()
        while try consumeDoubled("|") {
            try countOperand()
            expression = .or(expression, try parseAnd())
        }
        return expression
    }

    private mutating func parseAnd() throws(JSONPathError) -> FilterExpression {
        var expression = try parseUnary()
        while try consumeDoubled("&") {
            try countOperand()
            expression = .and(expression, try parseUnary())
        }
        return expression
    }

    private mutating func countOperand() throws(JSONPathError) {
        filterOperands += 1
        guard filterOperands < Self.maxFilterOperands else {
            throw error("the filters join more than \(Self.maxFilterOperands) conditions with '&&' and '||'")
        }
    }

    /// Consumes `||` or `&&`; a single `|` or `&` is an error rather than a silent stop.
    private mutating func consumeDoubled(_ character: Character) throws(JSONPathError) -> Bool {
        skipSpaces()
        guard current == character else { return false }
        guard peek() == character else { throw error("expected '\(character)\(character)'") }
        position += 2
        skipSpaces()
        return true
    }

    private mutating func parseUnary() throws(JSONPathError) -> FilterExpression {
        skipSpaces()
        guard filterDepth < Self.maxFilterDepth else { throw error("the filter is nested too deeply") }
        filterDepth += 1
        defer { filterDepth -= 1 }
        if current == "!", peek() != "=" {
            position += 1
            return .not(try parseUnary())
        }
        if current == "(" {
            position += 1
            let inner = try parseOr()
            try expect(")")
            return inner
        }
        return try parseComparison()
    }

    private mutating func parseComparison() throws(JSONPathError) -> FilterExpression {
        let left = try parseOperand()
        skipSpaces()
        guard let comparison = try parseOperator() else {
            guard case .literal = left else { return .exists(left) }
            throw error("expected a comparison operator after the literal")
        }
        skipSpaces()
        return .compare(left, comparison, try parseOperand())
    }

    private mutating func parseOperator() throws(JSONPathError) -> ComparisonOperator? {
        switch (current, peek()) {
        case ("=", "="): position += 2; return .equal
        case ("!", "="): position += 2; return .notEqual
        case ("<", "="): position += 2; return .lessOrEqual
        case (">", "="): position += 2; return .greaterOrEqual
        case ("<", _): position += 1; return .less
        case (">", _): position += 1; return .greater
        case ("=", _): throw error("expected '==' (a single '=' is not a comparison)")
        default: return nil
        }
    }

    private mutating func parseOperand() throws(JSONPathError) -> FilterOperand {
        skipSpaces()
        switch current {
        case "@":
            position += 1
            return .current(try parseSingularSteps())
        case "$":
            position += 1
            return .root(try parseSingularSteps())
        case "'", "\"":
            return .literal(.string(try parseQuotedString()))
        case let character? where character == "-" || character.isASCII && character.isNumber:
            return .literal(try parseNumberLiteral())
        case let character? where character.isLetter:
            let start = position
            let word = parseMemberName() ?? ""
            switch word {
            case "true": return .literal(true)
            case "false": return .literal(false)
            case "null": return .literal(.null)
            default: throw error("unknown literal '\(word)'; expected true, false, null, a number or a string", at: start)
            }
        default:
            throw error("expected '@', '$' or a literal; found \(currentDescription)")
        }
    }

    /// A JSON number literal, kept as written so `1.50` compares as the number it spells.
    private mutating func parseNumberLiteral() throws(JSONPathError) -> JSON {
        let start = position
        while let character = current, character.isASCII,
              character.isNumber || "-+.eE".contains(character) {
            position += 1
        }
        let spelled = String(characters[start..<position])
        guard let number = JSONNumber(spelled) else { throw error("invalid number '\(spelled)'", at: start) }
        return .number(number)
    }

    /// `.name`, `['name']` and `[n]` steps after `@` or `$` inside a filter.
    private mutating func parseSingularSteps() throws(JSONPathError) -> [SingularStep] {
        var steps: [SingularStep] = []
        while true {
            if current == ".", peek() != "." {
                position += 1
                guard let name = parseMemberName() else {
                    throw error("expected a member name after '.' (filters take names and indexes only)")
                }
                steps.append(.name(name))
            } else if current == "[" {
                position += 1
                skipSpaces()
                if current == "'" || current == "\"" {
                    steps.append(.name(try parseQuotedString()))
                } else if let index = try parseOptionalInteger() {
                    steps.append(.index(index))
                } else {
                    throw error("expected an index or a quoted name (filters take names and indexes only)")
                }
                try expect("]")
            } else {
                return steps
            }
        }
    }
}
