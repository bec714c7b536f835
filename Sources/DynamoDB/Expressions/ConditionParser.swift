/// The condition grammar, by precedence from loosest to tightest:
/// `OR` < `AND` < `NOT` < parentheses < functions < `BETWEEN` < `IN` < comparators.
///
/// A parenthesised group can hold a condition or an operand (`(a) = :v` and `(a = :v)` are
/// both valid), so the grammar is parsed into `ConditionTerm`s and each term is turned into a
/// condition or an operand once the surrounding token shows which one it must be.
struct ConditionTerm {
    enum Shape {
        case condition(ConditionNode)
        case operand(Operand)
        /// `name(args)`: a condition (`begins_with`) or an operand (`size`), unknown until used.
        case call(name: String, arguments: [Operand])
    }

    var shape: Shape
    let offset: Int
    /// Whether the term is exactly a parenthesised group, for the redundant-parentheses check.
    var grouped = false
}

extension ExpressionParser {
    /// Parses a whole condition expression (condition, filter or key condition).
    mutating func parseConditionExpression() throws(ExpressionIssue) -> ConditionNode {
        try checkNotEmpty()
        let term = try parseOr()
        try expectEnd()
        let node = try condition(from: term)
        try finish()
        return node
    }

    private mutating func parseOr() throws(ExpressionIssue) -> ConditionTerm {
        var left = try parseAnd()
        while atKeyword("OR") {
            let lhs = try condition(from: left)
            advance()
            let rhs = try condition(from: try parseAnd())
            left = ConditionTerm(shape: .condition(.or(lhs, rhs)), offset: left.offset)
        }
        return left
    }

    private mutating func parseAnd() throws(ExpressionIssue) -> ConditionTerm {
        var left = try parseNot()
        while atKeyword("AND") {
            let lhs = try condition(from: left)
            advance()
            let rhs = try condition(from: try parseNot())
            left = ConditionTerm(shape: .condition(.and(lhs, rhs)), offset: left.offset)
        }
        return left
    }

    private mutating func parseNot() throws(ExpressionIssue) -> ConditionTerm {
        guard atKeyword("NOT") else { return try parsePredicate() }
        let offset = current.start
        advance()
        let inner = try condition(from: try parseNot())
        return ConditionTerm(shape: .condition(.not(inner)), offset: offset)
    }

    /// A comparison, `BETWEEN`, `IN`, or a bare term (a function call or a group).
    private mutating func parsePredicate() throws(ExpressionIssue) -> ConditionTerm {
        let left = try parseTerm()
        if let comparator = Comparator(current.kind) {
            let lhs = try operand(from: left)
            advance()
            let rhs = try operand(from: try parseTerm())
            if let path = lhs.path, path == rhs.path {
                deferred.record(.distinctOperands,
                                "The first operand must be distinct from the remaining operands for this operator or function; operator: \(comparator.rawValue), first operand: \(path)",
                                at: left.offset)
            }
            return ConditionTerm(shape: .condition(.compare(comparator, lhs, rhs)), offset: left.offset)
        }
        if atKeyword("BETWEEN") {
            let subject = try operand(from: left)
            advance()
            let low = try operand(from: try parseTerm())
            try expectKeyword("AND")
            let high = try operand(from: try parseTerm())
            checkBetweenBounds(low, high, at: left.offset)
            return ConditionTerm(shape: .condition(.between(subject, low, high)), offset: left.offset)
        }
        if atKeyword("IN") {
            let subject = try operand(from: left)
            advance()
            try expect(.leftParen)
            var list = [try operand(from: try parseTerm())]
            while current.kind == .comma {
                advance()
                list.append(try operand(from: try parseTerm()))
            }
            try expect(.rightParen)
            if list.count > 100 {
                deferred.record(.inOperandCount,
                                "The IN operator is provided with too many operands; number of operands: \(list.count)",
                                at: left.offset)
            }
            return ConditionTerm(shape: .condition(.isIn(subject, list)), offset: left.offset)
        }
        return left
    }

    /// A group, a function call, a `:value` or a document path.
    private mutating func parseTerm() throws(ExpressionIssue) -> ConditionTerm {
        let token = current
        switch token.kind {
        case .leftParen:
            advance()
            var inner = try parseOr()
            try expect(.rightParen)
            if inner.grouped {
                deferred.record(.redundantParentheses, "The expression has redundant parentheses;", at: token.start)
            }
            inner.grouped = true
            return inner
        case .valueRef:
            advance()
            return ConditionTerm(shape: .operand(.value(resolveValue(token))), offset: token.start)
        case .identifier where peek().kind == .leftParen:
            let name = text(of: token)
            advance()
            advance()
            var arguments = [try operand(from: try parseTerm())]
            while current.kind == .comma {
                advance()
                arguments.append(try operand(from: try parseTerm()))
            }
            try expect(.rightParen)
            return ConditionTerm(shape: .call(name: name, arguments: arguments), offset: token.start)
        case .identifier:
            for keyword in ["AND", "OR", "NOT", "BETWEEN", "IN"] where isKeyword(token, keyword) {
                throw syntaxError()
            }
            return ConditionTerm(shape: .operand(.path(try parsePath())), offset: token.start)
        case .nameRef:
            return ConditionTerm(shape: .operand(.path(try parsePath())), offset: token.start)
        default:
            throw syntaxError()
        }
    }

    /// The term as a condition; an operand here means a comparator was missing.
    mutating func condition(from term: ConditionTerm) throws(ExpressionIssue) -> ConditionNode {
        switch term.shape {
        case .condition(let node):
            return node
        case .operand:
            throw syntaxError()
        case .call(let name, let arguments):
            return conditionFunction(name, arguments, at: term.offset)
        }
    }

    /// The term as an operand; a condition here is a syntax error at the current token.
    mutating func operand(from term: ConditionTerm) throws(ExpressionIssue) -> Operand {
        switch term.shape {
        case .operand(let operand):
            return operand
        case .condition:
            throw syntaxError()
        case .call(let name, let arguments):
            return operandFunction(name, arguments, at: term.offset)
        }
    }
}
