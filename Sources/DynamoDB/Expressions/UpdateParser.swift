/// The update grammar: clauses `SET`, `REMOVE`, `ADD`, `DELETE` in any order, each once, each a
/// comma-separated list of actions.
extension ExpressionParser {
    mutating func parseUpdate() throws(ExpressionIssue) -> [UpdateAction] {
        try checkNotEmpty()
        var actions: [UpdateAction] = []
        var clausesSeen: Set<String> = []
        var targets: [DocumentPath] = []
        while current.kind != .end {
            guard let clause = UpdateClause.allCases.first(where: { atKeyword($0.rawValue) }) else { throw syntaxError() }
            if !clausesSeen.insert(clause.rawValue).inserted {
                deferred.record(.repeatedSection, "The \"\(clause.rawValue)\" section can only be used once in an update expression;", at: current.start)
            }
            advance()
            while true {
                let offset = current.start
                let action = try parseAction(clause)
                checkDistinctPaths(action.target, against: targets, at: offset)
                targets.append(action.target)
                actions.append(action)
                guard current.kind == .comma else { break }
                advance()
            }
        }
        try finish()
        return actions
    }

    private mutating func parseAction(_ clause: UpdateClause) throws(ExpressionIssue) -> UpdateAction {
        let path = try parsePath()
        switch clause {
        case .set:
            try expect(.equal)
            return .set(path, try parseSetValue())
        case .remove:
            return .remove(path)
        case .add, .delete:
            let token = current
            guard token.kind == .valueRef else { throw syntaxError() }
            advance()
            let value = resolveValue(token)
            checkAddDeleteOperand(clause, value, at: token.start)
            return clause == .add ? .add(path, value) : .delete(path, value)
        }
    }

    /// ADD takes a number or a set, DELETE only a set; DynamoDB spells the offending type out.
    private mutating func checkAddDeleteOperand(_ clause: UpdateClause, _ value: AttributeValue, at offset: Int) {
        let spelled: String
        switch value {
        case .ss, .ns, .bs: return
        case .n where clause == .add: return
        case .n: spelled = "NUMBER"
        case .s: spelled = "STRING"
        case .b: spelled = "BINARY"
        case .bool: spelled = "BOOLEAN"
        case .null: spelled = "NULL"
        case .l: spelled = "LIST"
        case .m: spelled = "MAP"
        }
        deferred.record(.operandType,
                        "Incorrect operand type for operator or function; operator: \(clause.rawValue), operand type: \(spelled)",
                        at: offset)
    }

    /// `operand`, `operand + operand` or `operand - operand`, optionally in parentheses.
    private mutating func parseSetValue() throws(ExpressionIssue) -> UpdateValue {
        let offset = current.start
        let first = try parseSetTerm()
        guard case .operand(let left) = first else {
            // A parenthesised sum cannot take a further operator.
            return first
        }
        let symbol: String
        switch current.kind {
        case .plus: symbol = "+"
        case .minus: symbol = "-"
        default: return first
        }
        advance()
        guard case .operand(let right) = try parseSetTerm() else { throw syntaxError() }
        for operand in [left, right] {
            if let type = operand.literalType, type != "N" { recordOperandType(symbol, type, at: offset) }
        }
        return symbol == "+" ? .plus(left, right) : .minus(left, right)
    }

    /// A parenthesised value, a function call, a `:value` or a path.
    private mutating func parseSetTerm() throws(ExpressionIssue) -> UpdateValue {
        let token = current
        switch token.kind {
        case .leftParen:
            advance()
            let inner = try parseSetValue()
            try expect(.rightParen)
            return inner
        case .valueRef:
            advance()
            return .operand(.value(resolveValue(token)))
        case .identifier where peek().kind == .leftParen:
            return .operand(try parseUpdateFunction())
        case .identifier, .nameRef:
            return .operand(.path(try parsePath()))
        default:
            throw syntaxError()
        }
    }

    private mutating func parseFunctionArgument() throws(ExpressionIssue) -> UpdateOperand {
        guard case .operand(let operand) = try parseSetTerm() else { throw syntaxError() }
        return operand
    }

    /// `if_not_exists(path, operand)` or `list_append(operand, operand)`.
    private mutating func parseUpdateFunction() throws(ExpressionIssue) -> UpdateOperand {
        let offset = current.start
        let name = text(of: current)
        advance()
        advance()
        var arguments = [try parseFunctionArgument()]
        while current.kind == .comma {
            advance()
            arguments.append(try parseFunctionArgument())
        }
        try expect(.rightParen)
        guard name == "if_not_exists" || name == "list_append" else {
            deferred.record(.unknownFunction, "Invalid function name; function: \(name)", at: offset)
            return .invalid
        }
        guard arguments.count == 2 else {
            deferred.record(.operandCount,
                            "Incorrect number of operands for operator or function; operator or function: \(name), number of operands: \(arguments.count)",
                            at: offset)
            return .invalid
        }
        if name == "list_append" {
            for argument in arguments {
                if let type = argument.literalType, type != "L" { recordOperandType(name, type, at: offset) }
            }
            return .listAppend(arguments[0], arguments[1])
        }
        guard case .path(let path) = arguments[0] else {
            deferred.record(.operandType, "Operator or function requires a document path; operator or function: \(name)", at: offset)
            return .invalid
        }
        return .ifNotExists(path, arguments[1])
    }
}
