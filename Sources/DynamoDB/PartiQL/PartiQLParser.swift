/// A hand-written recursive-descent parser for DynamoDB's PartiQL statements.
///
/// One pass over the tokens, so linear in the statement's length. Everything that nests
/// (parentheses, NOT, literal lists, maps and sets) counts against ``maximumDepth``, and a
/// WHERE clause against ``maximumOperators``, so no statement can exhaust the stack, here or
/// when its condition is evaluated.
struct PartiQLParser {
    /// DynamoDB's limit on `Statement`.
    static let maximumLength = 8192
    /// As deep as DynamoDB nests documents.
    static let maximumDepth = 32
    /// As many operators and functions as DynamoDB allows in an expression.
    static let maximumOperators = 300

    private let tokens: [PartiQLToken]
    private var position = 0
    private let parameters: [AttributeValue]
    private var parametersUsed = 0
    private var depth = 0
    private var operators = 0

    /// Parses `statement` with `parameters` for its `?`s, which must match them in number.
    static func parse(_ statement: String, parameters: [AttributeValue]) throws(DynamoDBError) -> PartiQLStatement {
        var parser = PartiQLParser(tokens: try PartiQLLexer.tokens(statement), parameters: parameters)
        let parsed = try parser.parseStatement()
        guard parser.parametersUsed == parameters.count else { throw parameterMismatch }
        return parsed
    }

    private init(tokens: [PartiQLToken], parameters: [AttributeValue]) {
        self.tokens = tokens
        self.parameters = parameters
    }

    /// `Statement wasn't well formed, can't be processed: <detail>`.
    static func malformed(_ detail: String) -> DynamoDBError {
        .validation("Statement wasn't well formed, can't be processed: \(detail)")
    }

    static let parameterMismatch = DynamoDBError.validation("Number of parameters in request and statement don't match.")

    /// Words that are keywords wherever a name could stand; `"quoted"` they are names.
    private static let keywords: Set<String> = [
        "SELECT", "FROM", "WHERE", "AND", "OR", "NOT", "BETWEEN", "IN", "IS", "INSERT", "INTO", "VALUE", "VALUES",
        "UPDATE", "SET", "REMOVE", "DELETE", "RETURNING", "MISSING", "TRUE", "FALSE", "NULL", "ORDER", "BY", "ASC", "DESC",
    ]

    // MARK: Tokens

    private var current: PartiQLToken { tokens[position] }

    private mutating func advance() {
        if position < tokens.count - 1 { position += 1 }
    }

    private func unexpected() -> DynamoDBError {
        switch current.kind {
        case .end: Self.malformed("Unexpected end of statement")
        case .word where Self.keywords.contains(current.text.uppercased()): Self.malformed("Unexpected keyword")
        default: Self.malformed("Unexpected token")
        }
    }

    private mutating func expect(_ kind: PartiQLToken.Kind) throws(DynamoDBError) {
        guard current.kind == kind else { throw unexpected() }
        advance()
    }

    private mutating func expectKeyword(_ keyword: String) throws(DynamoDBError) {
        guard current.isKeyword(keyword) else { throw unexpected() }
        advance()
    }

    private mutating func acceptKeyword(_ keyword: String) -> Bool {
        guard current.isKeyword(keyword) else { return false }
        advance()
        return true
    }

    private mutating func nested<T>(_ body: (inout PartiQLParser) throws(DynamoDBError) -> T) throws(DynamoDBError) -> T {
        depth += 1
        guard depth <= Self.maximumDepth else { throw .validation("Nesting Levels have exceeded supported limits") }
        defer { depth -= 1 }
        return try body(&self)
    }

    private mutating func countOperator() throws(DynamoDBError) {
        operators += 1
        if operators > Self.maximumOperators {
            throw Self.malformed("The statement has more than \(Self.maximumOperators) operators or functions")
        }
    }

    // MARK: Statements

    private mutating func parseStatement() throws(DynamoDBError) -> PartiQLStatement {
        let statement: PartiQLStatement
        if acceptKeyword("SELECT") {
            statement = .select(try parseSelect())
        } else if acceptKeyword("INSERT") {
            statement = try parseInsert()
        } else if acceptKeyword("UPDATE") {
            statement = try parseUpdate()
        } else if acceptKeyword("DELETE") {
            statement = try parseDelete()
        } else {
            throw Self.malformed("Expected data manipulation")
        }
        guard current.kind == .end else { throw unexpected() }
        return statement
    }

    private mutating func parseSelect() throws(DynamoDBError) -> PartiQLSelect {
        var projection: [DocumentPath]?
        if current.kind == .star {
            advance()
        } else {
            var paths = [try parsePath()]
            while current.kind == .comma {
                advance()
                paths.append(try parsePath())
            }
            projection = paths
        }
        try expectKeyword("FROM")
        let table = try parseName()
        var index: String?
        if current.kind == .dot {
            advance()
            index = try parseName()
        }
        let condition = acceptKeyword("WHERE") ? try parseCondition() : nil
        return PartiQLSelect(table: table, index: index, projection: projection, condition: condition)
    }

    private mutating func parseInsert() throws(DynamoDBError) -> PartiQLStatement {
        try expectKeyword("INTO")
        let table = try parseName()
        guard acceptKeyword("VALUE") else {
            if current.isKeyword("VALUES") { throw Self.malformed("Unexpected keyword") }
            throw unexpected()
        }
        guard case .m(let item) = try parseValue() else {
            throw .validation("Unsupported operation: Inserting an item that is not a tuple is not supported")
        }
        return .insert(table: table, item: item)
    }

    private mutating func parseUpdate() throws(DynamoDBError) -> PartiQLStatement {
        let table = try parseName()
        var actions: [UpdateAction] = []
        while true {
            if acceptKeyword("SET") {
                repeat {
                    if current.kind == .comma { advance() }
                    actions.append(try parseAssignment())
                } while current.kind == .comma
            } else if acceptKeyword("REMOVE") {
                repeat {
                    if current.kind == .comma { advance() }
                    actions.append(.remove(try parsePath()))
                } while current.kind == .comma
            } else {
                break
            }
        }
        guard !actions.isEmpty else { throw unexpected() }
        try expectKeyword("WHERE")
        let condition = try parseCondition()
        let returning = try parseReturning(allowed: [.allOld, .allNew, .updatedOld, .updatedNew])
        return .update(table: table, actions: actions, condition: condition, returning: returning)
    }

    private mutating func parseDelete() throws(DynamoDBError) -> PartiQLStatement {
        try expectKeyword("FROM")
        let table = try parseName()
        try expectKeyword("WHERE")
        let condition = try parseCondition()
        let returning = try parseReturning(allowed: [.allOld])
        return .delete(table: table, condition: condition, returning: returning)
    }

    /// `RETURNING (ALL | MODIFIED) (OLD | NEW) *`, or `.none` when absent.
    private mutating func parseReturning(allowed: [ReturnValues]) throws(DynamoDBError) -> ReturnValues {
        guard acceptKeyword("RETURNING") else { return .none }
        let all = acceptKeyword("ALL")
        if !all { try expectKeyword("MODIFIED") }
        let old = acceptKeyword("OLD")
        if !old { try expectKeyword("NEW") }
        try expect(.star)
        let value: ReturnValues = all ? (old ? .allOld : .allNew) : (old ? .updatedOld : .updatedNew)
        guard allowed.contains(value) else { throw .validation("Unsupported operation: RETURNING \(all ? "ALL" : "MODIFIED") \(old ? "OLD" : "NEW") * is not supported for this statement") }
        return value
    }

    /// `path = value`, `path = a + b`, `path = list_append(a, b)`, `set_add(path, set)`...
    private mutating func parseAssignment() throws(DynamoDBError) -> UpdateAction {
        let target = try parsePath()
        try expect(.equal)
        let first = try parseUpdateOperand(target: target)
        if case .setOperation(let action) = first { return action }
        guard case .operand(let left) = first else { throw unexpected() }
        if current.kind == .plus || current.kind == .minus {
            let plus = current.kind == .plus
            advance()
            guard case .operand(let right) = try parseUpdateOperand(target: target) else { throw unexpected() }
            return .set(target, plus ? .plus(left, right) : .minus(left, right))
        }
        return .set(target, .operand(left))
    }

    private enum AssignmentPart {
        case operand(UpdateOperand)
        /// `set_add(target, <<...>>)` or `set_delete(...)`: an ADD or DELETE of the target.
        case setOperation(UpdateAction)
    }

    private mutating func parseUpdateOperand(target: DocumentPath) throws(DynamoDBError) -> AssignmentPart {
        if current.kind == .word, tokens[position + 1].kind == .leftParen {
            let name = current.text.lowercased()
            switch name {
            case "list_append", "if_not_exists", "set_add", "set_delete":
                advance()
                advance()
                return try nested { (parser: inout PartiQLParser) throws(DynamoDBError) -> AssignmentPart in
                    let first = try parser.parseUpdateOperand(target: target)
                    try parser.expect(.comma)
                    let second = try parser.parseUpdateOperand(target: target)
                    try parser.expect(.rightParen)
                    guard case .operand(let a) = first, case .operand(let b) = second else { throw parser.unexpected() }
                    switch name {
                    case "list_append":
                        return .operand(.listAppend(a, b))
                    case "if_not_exists":
                        guard case .path(let path) = a else { throw .validation("Incorrect operand type for operator or function; operator or function: if_not_exists") }
                        return .operand(.ifNotExists(path, b))
                    default:
                        guard case .path(let path) = a, path == target, case .value(let set) = b, ["SS", "NS", "BS"].contains(set.typeName) else {
                            throw .validation("Incorrect operand type for operator or function; operator or function: \(name)")
                        }
                        return .setOperation(name == "set_add" ? .add(path, set) : .delete(path, set))
                    }
                }
            default:
                throw .validation("Unsupported function: \(current.text)")
            }
        }
        if startsValue { return .operand(.value(try parseValue())) }
        return .operand(.path(try parsePath()))
    }

    // MARK: Names and paths

    /// A table or index name: a word, or `"quoted"`.
    private mutating func parseName() throws(DynamoDBError) -> String {
        switch current.kind {
        case .quotedName:
            defer { advance() }
            return current.text
        case .word where !Self.keywords.contains(current.text.uppercased()):
            defer { advance() }
            return current.text
        default:
            throw unexpected()
        }
    }

    /// `name ( .name | [n] | ['name'] )*`.
    private mutating func parsePath() throws(DynamoDBError) -> DocumentPath {
        var elements: [DocumentPath.Element] = [.attribute(try parseName())]
        while true {
            if current.kind == .dot {
                advance()
                elements.append(.attribute(try parseName()))
            } else if current.kind == .leftBracket {
                advance()
                switch current.kind {
                case .number:
                    guard let index = Int(current.text), index >= 0 else { throw unexpected() }
                    elements.append(.index(index))
                case .string:
                    elements.append(.attribute(current.text))
                default:
                    throw unexpected()
                }
                advance()
                try expect(.rightBracket)
            } else {
                return DocumentPath(elements)
            }
        }
    }

    // MARK: Conditions

    private mutating func parseCondition() throws(DynamoDBError) -> ConditionNode {
        var node = try parseConjunction()
        while acceptKeyword("OR") {
            try countOperator()
            node = .or(node, try parseConjunction())
        }
        return node
    }

    private mutating func parseConjunction() throws(DynamoDBError) -> ConditionNode {
        var node = try parseNegation()
        while acceptKeyword("AND") {
            try countOperator()
            node = .and(node, try parseNegation())
        }
        return node
    }

    private mutating func parseNegation() throws(DynamoDBError) -> ConditionNode {
        if acceptKeyword("NOT") {
            try countOperator()
            return .not(try nested { (parser: inout PartiQLParser) throws(DynamoDBError) in try parser.parseNegation() })
        }
        if current.kind == .leftParen {
            advance()
            let inner = try nested { (parser: inout PartiQLParser) throws(DynamoDBError) in try parser.parseCondition() }
            try expect(.rightParen)
            return inner
        }
        if current.kind == .word, tokens[position + 1].kind == .leftParen, current.text.lowercased() != "size" {
            return try parseFunctionCondition()
        }
        return try parseComparison()
    }

    private mutating func parseFunctionCondition() throws(DynamoDBError) -> ConditionNode {
        let name = current.text.lowercased()
        try countOperator()
        advance()
        advance()
        var arguments = [try parseOperand()]
        while current.kind == .comma {
            advance()
            arguments.append(try parseOperand())
        }
        try expect(.rightParen)
        func path(_ operand: Operand) throws(DynamoDBError) -> DocumentPath {
            guard let path = operand.path else {
                throw .validation("Operator or function requires a document path; operator or function: \(name)")
            }
            return path
        }
        let arity = ExpressionParser.conditionFunctionArity[name]
        guard let arity, name != "size" else { throw .validation("Unsupported function: \(name)") }
        guard arguments.count == arity else {
            throw .validation("Incorrect number of operands for operator or function; operator or function: \(name), number of operands: \(arguments.count)")
        }
        switch name {
        case "attribute_exists": return .attributeExists(try path(arguments[0]))
        case "attribute_not_exists": return .attributeNotExists(try path(arguments[0]))
        case "attribute_type": return .attributeType(try path(arguments[0]), arguments[1])
        case "begins_with": return .beginsWith(arguments[0], arguments[1])
        default: return .contains(arguments[0], arguments[1])
        }
    }

    private mutating func parseComparison() throws(DynamoDBError) -> ConditionNode {
        let left = try parseOperand()
        try countOperator()
        if let comparator = Self.comparator(current.kind) {
            advance()
            return .compare(comparator, left, try parseOperand())
        }
        if acceptKeyword("BETWEEN") {
            let low = try parseOperand()
            try expectKeyword("AND")
            return .between(left, low, try parseOperand())
        }
        if acceptKeyword("IN") {
            let close: PartiQLToken.Kind
            switch current.kind {
            case .leftBracket: close = .rightBracket
            case .leftParen: close = .rightParen
            default: throw unexpected()
            }
            advance()
            var candidates = [try parseOperand()]
            while current.kind == .comma {
                advance()
                candidates.append(try parseOperand())
            }
            try expect(close)
            if candidates.count > 100 { throw .validation("Too many values in IN clause; the maximum is 100") }
            return .isIn(left, candidates)
        }
        if acceptKeyword("IS") {
            let negated = acceptKeyword("NOT")
            try expectKeyword("MISSING")
            guard let path = left.path else { throw unexpected() }
            return negated ? .attributeExists(path) : .attributeNotExists(path)
        }
        throw unexpected()
    }

    private static func comparator(_ kind: PartiQLToken.Kind) -> Comparator? {
        switch kind {
        case .equal: .equal
        case .notEqual: .notEqual
        case .less: .less
        case .lessEqual: .lessOrEqual
        case .greater: .greater
        case .greaterEqual: .greaterOrEqual
        default: nil
        }
    }

    /// A path, a literal or parameter, or `size(path)`.
    private mutating func parseOperand() throws(DynamoDBError) -> Operand {
        if current.kind == .word, current.text.lowercased() == "size", tokens[position + 1].kind == .leftParen {
            try countOperator()
            advance()
            advance()
            let inner = try parseOperand()
            try expect(.rightParen)
            return .size(inner)
        }
        if startsValue { return .value(try parseValue()) }
        return .path(try parsePath())
    }

    // MARK: Values

    /// Whether the current token starts a literal or a parameter rather than a path.
    private var startsValue: Bool {
        switch current.kind {
        case .string, .number, .parameter, .minus, .leftBracket, .leftBrace, .setOpen: return true
        case .word: return ["TRUE", "FALSE", "NULL"].contains(current.text.uppercased())
        default: return false
        }
    }

    private mutating func parseValue() throws(DynamoDBError) -> AttributeValue {
        let token = current
        switch token.kind {
        case .string:
            advance()
            return .s(token.text)
        case .number:
            advance()
            return .n(try AttributeValue.number(token.text))
        case .minus:
            advance()
            guard current.kind == .number else { throw unexpected() }
            let text = current.text
            advance()
            return .n(try AttributeValue.number("-" + text))
        case .parameter:
            advance()
            guard parametersUsed < parameters.count else { throw Self.parameterMismatch }
            parametersUsed += 1
            return parameters[parametersUsed - 1]
        case .word where token.isKeyword("TRUE"):
            advance()
            return .bool(true)
        case .word where token.isKeyword("FALSE"):
            advance()
            return .bool(false)
        case .word where token.isKeyword("NULL"):
            advance()
            return .null
        case .leftBracket:
            advance()
            return try nested { (parser: inout PartiQLParser) throws(DynamoDBError) in
                .l(try parser.parseElements(until: .rightBracket))
            }
        case .setOpen:
            advance()
            return try nested { (parser: inout PartiQLParser) throws(DynamoDBError) in
                try Self.set(try parser.parseElements(until: .setClose))
            }
        case .leftBrace:
            advance()
            return try nested { (parser: inout PartiQLParser) throws(DynamoDBError) in .m(try parser.parseMembers()) }
        default:
            throw unexpected()
        }
    }

    /// Comma-separated values up to `close` (which may follow at once: `[]`).
    private mutating func parseElements(until close: PartiQLToken.Kind) throws(DynamoDBError) -> [AttributeValue] {
        var elements: [AttributeValue] = []
        if current.kind == close {
            advance()
            return elements
        }
        while true {
            elements.append(try parseValue())
            if current.kind == .comma {
                advance()
                continue
            }
            try expect(close)
            return elements
        }
    }

    /// `'name': value, ...}`; a name given twice is refused.
    private mutating func parseMembers() throws(DynamoDBError) -> [String: AttributeValue] {
        var members: [String: AttributeValue] = [:]
        if current.kind == .rightBrace {
            advance()
            return members
        }
        while true {
            let name: String
            switch current.kind {
            case .string:
                name = current.text
                advance()
            case .parameter:
                guard case .s(let text) = try parseValue() else { throw .validation("Map key must be a string") }
                name = text
            default:
                throw unexpected()
            }
            try expect(.colon)
            let value = try parseValue()
            guard members.updateValue(value, forKey: name) == nil else {
                throw .validation("Duplicate attribute name in tuple: \(name)")
            }
            if current.kind == .comma {
                advance()
                continue
            }
            try expect(.rightBrace)
            return members
        }
    }

    /// `<<...>>`: strings make a string set, numbers a number set, binaries a binary set.
    private static func set(_ elements: [AttributeValue]) throws(DynamoDBError) -> AttributeValue {
        guard let first = elements.first else { throw .validation("Set literals may not be empty") }
        switch first {
        case .s:
            var strings: [String] = []
            for element in elements {
                guard case .s(let text) = element else { throw mixedSet }
                strings.append(text)
            }
            return .ss(try AttributeValue.uniqueSet(strings, type: "SS"))
        case .n:
            var numbers: [DynamoNumber] = []
            for element in elements {
                guard case .n(let number) = element else { throw mixedSet }
                numbers.append(number)
            }
            return .ns(try AttributeValue.uniqueSet(numbers, type: "NS"))
        case .b:
            var binaries: [[UInt8]] = []
            for element in elements {
                guard case .b(let bytes) = element else { throw mixedSet }
                binaries.append(bytes)
            }
            return .bs(try AttributeValue.uniqueSet(binaries, type: "BS"))
        default:
            throw mixedSet
        }
    }

    private static let mixedSet = DynamoDBError.validation("Set elements must all be strings, all numbers or all binaries")
}
